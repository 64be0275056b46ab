// The key of a field is evaluated at class definition time; its
// initialiser is not.
class C { static [await Promise.resolve("k")] = 1; }
