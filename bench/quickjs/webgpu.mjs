// three.js's WebGPU build from its source modules: the largest graph (about
// 600 modules) bench/quickjs.sh loads.
import * as THREE from "three/src/Three.WebGPU.js";
console.log(Object.keys(THREE).length);
