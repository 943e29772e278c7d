# a program in a file
.x | ascii_upcase
