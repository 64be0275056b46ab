class C extends (await Promise.resolve(Object)) {}
