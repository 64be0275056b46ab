const \u{D800} = 1;
