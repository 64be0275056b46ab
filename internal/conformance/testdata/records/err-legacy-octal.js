let x = 08;
