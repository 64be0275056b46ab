let a;
var a;
