x = 1; <!-- an HTML-like comment
