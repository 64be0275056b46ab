const o = { async [await Promise.resolve("m")]() {} };
