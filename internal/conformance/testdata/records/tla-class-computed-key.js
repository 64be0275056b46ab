// Contains looks into computed keys of class elements.
class C { [await Promise.resolve("m")]() {} }
