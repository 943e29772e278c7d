# Writes the text file IN as a C++ raw string literal include file OUT.
file(READ ${IN} RIPOSTE_TEXT)
set(DELIM "RIPOSTE_EMBED")
file(WRITE ${OUT} "R\"${DELIM}(${RIPOSTE_TEXT})${DELIM}\"\n")
