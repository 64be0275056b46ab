function f() { return import.meta.url; }
