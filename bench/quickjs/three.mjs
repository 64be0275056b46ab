// three.module.js, which imports three.core.js: two large modules (2.1 MB).
import * as THREE from "three";
console.log(Object.keys(THREE).length);
