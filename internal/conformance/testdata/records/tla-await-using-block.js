// An await using declaration in a block is an await too, though its name
// is not a top-level lexical name.
{ await using x = null; }
