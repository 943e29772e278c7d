// Parser of the jq language: everything gojq 0.12.11 accepts, plus the
// jq 1.8 additions gojq lacks (`reduce`, `foreach`, `if` and `try` as
// postfix terms, `reduce .[] / 2 as $x ...` sources, `{k: 1 + 2}` object
// values, `$__loc__`).
//
// Precedence, lowest first (as jq and gojq):  `|` (right) < `,` < `//`
// (right) < `= |= += -= *= /= %= //=` (nonassoc) < `or` < `and` <
// comparisons (nonassoc) < `+ -` < `* / %` < unary minus < postfix terms.
// The levels are written out as rules rather than as one left-recursive
// rule so that non-associativity is a plain `?` and every loop decision
// is LL(1), which keeps SLL prediction cheap.
//
// Prefix forms whose body extends as far right as possible (`def f: ..;
// body`, `e as $x | body`, `label $l | body`) may stand as the right
// operand of any binary operator, as in gojq: `1 + def f: 2; f` is
// `1 + (def f: 2; f)`.  Definitions at the start of a pipeline belong to
// `pipeline` itself; elsewhere they go through `defTail`, so no decision
// is ambiguous.
parser grammar JqParser;

options { tokenVocab = JqLexer; }

program
  : moduleHeader? importDirective* funcDef* pipeExpr? EOF
  ;

moduleHeader
  : KW_MODULE pipeline SEMI
  ;

importDirective
  : KW_IMPORT string KW_AS (IDENT | VARIABLE) pipeline? SEMI
  | KW_INCLUDE string pipeline? SEMI
  ;

funcDef
  : KW_DEF name=IDENT (LPAREN param (SEMI param)* RPAREN)? COLON pipeline SEMI
  ;

param
  : IDENT
  | VARIABLE
  ;

pipeline
  : funcDef* pipeExpr
  ;

defTail
  : funcDef+ pipeExpr
  ;

pipeExpr
  : commaExpr (PIPE pipeline)?
  ;

commaExpr
  : altExpr (COMMA (defTail | altExpr))*
  ;

altExpr
  : assignExpr (ALT (defTail | altExpr))?
  ;

assignExpr
  : orExpr (assignOp (defTail | orExpr))?
  ;

assignOp
  : ASSIGN | UPDATE_PIPE | UPDATE_ADD | UPDATE_SUB | UPDATE_MUL | UPDATE_DIV | UPDATE_MOD | UPDATE_ALT
  ;

orExpr
  : andExpr (KW_OR (defTail | andExpr))*
  ;

andExpr
  : compareExpr (KW_AND (defTail | compareExpr))*
  ;

compareExpr
  : additiveExpr (compareOp (defTail | additiveExpr))?
  ;

compareOp
  : EQ | NE | LT | LE | GT | GE
  ;

additiveExpr
  : multiplicativeExpr ((PLUS | MINUS) (defTail | multiplicativeExpr))*
  ;

multiplicativeExpr
  : operand ((STAR | SLASH | PERCENT) (defTail | operand))*
  ;

// `try T as P | BODY catch H` binds inside the try (gojq 0.12.11 parses it
// so); listed first so that it wins over `(try T) as P | BODY`.  A catch
// handler may be a prefix form that extends as far right as possible
// (`try E catch . as $v | [$v]` is `try E catch (. as $v | [$v])`, and
// `catch label $f | ...`, `catch def f: ..; ...` parse, as in gojq);
// `tryCatchOperand` is listed before `termOperand` so that it wins over
// `(try E catch .) as $v | ...`.  Only operands take these forms, so `,`,
// `as` and suffixes stay out of the follow set of terms.
operand
  : KW_TRY body=term KW_AS patterns PIPE pipeline
      (KW_CATCH handler=catchHandler)?      # tryBindOperand
  | KW_TRY body=term KW_CATCH catchPrefix   # tryCatchOperand
  | term (KW_AS patterns PIPE pipeline)?   # termOperand
  | KW_LABEL VARIABLE PIPE pipeline         # labelOperand
  ;

catchHandler
  : catchPrefix
  | term
  ;

// The catch handlers that extend to the right.
catchPrefix
  : term KW_AS patterns PIPE pipeline       # bindCatch
  | KW_LABEL VARIABLE PIPE pipeline         # labelCatch
  | defTail                                 # defCatch
  ;

term
  : MINUS term            # negateTerm
  | PLUS term             # plusTerm
  | primary suffix*       # postfixTerm
  ;

primary
  : DOT                                                      # identity
  | DOTDOT                                                   # recurseDefault
  | FIELD                                                    # fieldPrimary
  | DOT string                                               # stringFieldPrimary
  | NUMBER                                                   # number
  | string                                                   # stringPrimary
  | FORMAT string?                                           # format
  | (KW_NULL | KW_TRUE | KW_FALSE)                           # keywordLiteral
  | LPAREN pipeline RPAREN                                   # parens
  | LBRACKET pipeline? RBRACKET                              # array
  | LBRACE (objectEntry (COMMA objectEntry)* COMMA?)? RBRACE # object
  | VARIABLE                                                 # variable
  | LOC                                                      # sourceLocation
  | IDENT (LPAREN pipeline (SEMI pipeline)* RPAREN)?         # call
  | KW_BREAK VARIABLE                                        # break
  | KW_REDUCE source=basicExpr KW_AS pattern
      LPAREN pipeline SEMI pipeline RPAREN                   # reduce
  | KW_FOREACH source=basicExpr KW_AS pattern
      LPAREN pipeline SEMI pipeline (SEMI pipeline)? RPAREN  # foreach
  | KW_IF pipeline KW_THEN pipeline elifClause*
      (KW_ELSE pipeline)? KW_END                             # if
  | KW_TRY body=term (KW_CATCH handler=term)?                # try
  ;

elifClause
  : KW_ELIF pipeline KW_THEN pipeline
  ;

suffix
  : FIELD                                             # fieldSuffix
  | DOT string                                        # stringFieldSuffix
  | DOT? LBRACKET RBRACKET                            # iterateSuffix
  | DOT? LBRACKET pipeline RBRACKET                   # indexSuffix
  | DOT? LBRACKET from=pipeline COLON to=pipeline? RBRACKET   # sliceSuffix
  | DOT? LBRACKET COLON to=pipeline RBRACKET          # sliceToSuffix
  | QUESTION                                          # optionalSuffix
  ;

string
  : QUOTE stringPart* STR_END
  ;

stringPart
  : STR_TEXT                        # stringText
  | STR_ESCAPE                      # stringEscape
  | STR_UNICODE                     # stringUnicode
  | INTERP_START pipeline RPAREN    # stringInterpolation
  ;

objectEntry
  : (IDENT | keyword) (COLON objectValue)?     # namedEntry
  | VARIABLE (COLON objectValue)?              # variableEntry
  | LOC                                        # locationEntry
  | string (COLON objectValue)?                # stringEntry
  | LPAREN pipeline RPAREN COLON objectValue   # computedEntry
  ;

objectValue
  : basicExpr (PIPE basicExpr)*
  ;

// The operators of `altExpr` and above, without the prefix forms (`def`,
// `as`, `label`), as in jq 1.8 object values and reduce/foreach sources.
// Keeping the prefix forms out of these positions keeps `,` and `as` out
// of their follow sets, so the comma and `as` decisions stay LL(1) (and
// syntax errors are reported where they are, not at the decision).
// Non-associativity of comparisons and assignments is checked by the AST
// builder.
basicExpr
  : term
  | basicExpr (STAR | SLASH | PERCENT) basicExpr
  | basicExpr (PLUS | MINUS) basicExpr
  | basicExpr compareOp basicExpr
  | basicExpr KW_AND basicExpr
  | basicExpr KW_OR basicExpr
  | basicExpr assignOp basicExpr
  | <assoc=right> basicExpr ALT basicExpr
  ;

patterns
  : pattern (DESTRUCT_ALT pattern)*
  ;

pattern
  : VARIABLE                                                # variablePattern
  | LBRACKET pattern (COMMA pattern)* RBRACKET              # arrayPattern
  | LBRACE objectPatternEntry (COMMA objectPatternEntry)* RBRACE  # objectPattern
  ;

objectPatternEntry
  : VARIABLE (COLON pattern)?                  # variableKeyPattern
  | (IDENT | keyword) COLON pattern            # namedKeyPattern
  | string COLON pattern                       # stringKeyPattern
  | LPAREN pipeline RPAREN COLON pattern       # computedKeyPattern
  ;

keyword
  : KW_DEF | KW_AS | KW_IF | KW_THEN | KW_ELIF | KW_ELSE | KW_END | KW_REDUCE | KW_FOREACH
  | KW_TRY | KW_CATCH | KW_LABEL | KW_BREAK | KW_AND | KW_OR | KW_IMPORT | KW_INCLUDE
  | KW_MODULE | KW_NULL | KW_TRUE | KW_FALSE
  ;
