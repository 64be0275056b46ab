// The whole of lodash-es: about 640 small modules.
import * as _ from "lodash-es";
console.log(Object.keys(_).length);
