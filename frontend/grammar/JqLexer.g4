// Lexer of the jq language (the dialect of gojq 0.12.11 plus the jq 1.8
// additions gojq lacks, such as $__loc__).
//
// String literals are lexed in their own mode so that interpolations
// "\( ... )" can nest arbitrarily: `\(` pushes the default mode, every `(`
// pushes it again and every `)` pops one level, so the `)` that closes an
// interpolation returns to the string mode.  An unbalanced `)` at the top
// level must not pop an empty stack: the driver's lexer subclass guards
// popMode (see frontend/parse.cpp).
lexer grammar JqLexer;

// Keywords come before IDENT: on equal length the first rule wins.
KW_DEF: 'def';
KW_AS: 'as';
KW_IF: 'if';
KW_THEN: 'then';
KW_ELIF: 'elif';
KW_ELSE: 'else';
KW_END: 'end';
KW_REDUCE: 'reduce';
KW_FOREACH: 'foreach';
KW_TRY: 'try';
KW_CATCH: 'catch';
KW_LABEL: 'label';
KW_BREAK: 'break';
KW_AND: 'and';
KW_OR: 'or';
KW_IMPORT: 'import';
KW_INCLUDE: 'include';
KW_MODULE: 'module';
KW_NULL: 'null';
KW_TRUE: 'true';
KW_FALSE: 'false';

LOC: '$__loc__';
VARIABLE: '$' NAME ('::' NAME)*;
IDENT: NAME ('::' NAME)*;
FIELD: '.' NAME;
FORMAT: '@' [a-zA-Z0-9_]+;
NUMBER: NUMBER_TEXT;
// A number run into a letter, `_` or `.` (`0then`, `1.x`, `0..`, `1e`) is
// one bad token, as gojq lexes it; being a character longer than the
// number it wins over NUMBER.
BAD_NUMBER: NUMBER_TEXT [a-zA-Z_.] | [0-9]+ '.'? [eE] [+-]?;

// Operators, longest first where one is a prefix of another.
DESTRUCT_ALT: '?//';
UPDATE_ALT: '//=';
ALT: '//';
UPDATE_PIPE: '|=';
UPDATE_ADD: '+=';
UPDATE_SUB: '-=';
UPDATE_MUL: '*=';
UPDATE_DIV: '/=';
UPDATE_MOD: '%=';
EQ: '==';
NE: '!=';
LE: '<=';
GE: '>=';
LT: '<';
GT: '>';
ASSIGN: '=';
PIPE: '|';
COMMA: ',';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
QUESTION: '?';
SEMI: ';';
COLON: ':';
DOTDOT: '..';
DOT: '.';
LPAREN: '(' -> pushMode(DEFAULT_MODE);
RPAREN: ')' -> popMode;
LBRACKET: '[';
RBRACKET: ']';
LBRACE: '{';
RBRACE: '}';
QUOTE: '"' -> pushMode(IN_STRING);

COMMENT: '#' ~[\n]* -> skip;
WS: [ \t\r\n]+ -> skip;
INVALID: .;

fragment NAME: [a-zA-Z_] [a-zA-Z_0-9]*;
fragment NUMBER_TEXT: ([0-9]+ ('.' [0-9]*)? | '.' [0-9]+) ([eE] [+-]? [0-9]+)?;
fragment HEX: [0-9a-fA-F];

mode IN_STRING;
STR_END: '"' -> popMode;
STR_TEXT: ~["\\]+;
STR_ESCAPE: '\\' ["\\/bfnrt];
STR_UNICODE: '\\u' HEX HEX HEX HEX;
INTERP_START: '\\(' -> pushMode(DEFAULT_MODE);
STR_BAD_ESCAPE: '\\' .?;
