export const x = [1, { y: (await 2) + 1 }];
