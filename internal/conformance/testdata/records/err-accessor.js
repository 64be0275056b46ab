class C { accessor x; }
