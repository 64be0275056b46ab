@decorator class C {}
