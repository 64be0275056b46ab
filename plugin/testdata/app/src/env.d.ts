declare const DEBUG: boolean;
