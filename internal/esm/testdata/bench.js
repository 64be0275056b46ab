// A sample of everyday module code for BenchmarkParse: classes, closures,
// destructuring, templates, regular expressions and plenty of comments,
// in roughly the proportions of a large library bundle.

/**
 * Vector3 is a small three-component vector.
 * @param {number} x
 */
class Vector3 {
	static ZERO = new Vector3( 0, 0, 0 );
	#dirty = false;

	constructor( x = 0, y = 0, z = 0 ) {
		this.x = x;
		this.y = y;
		this.z = z;
	}

	get length() {
		return Math.sqrt( this.x * this.x + this.y * this.y + this.z * this.z );
	}

	set length( value ) {
		this.multiplyScalar( value / ( this.length || 1 ) );
	}

	add( v ) {
		this.x += v.x;
		this.y += v.y;
		this.z += v.z;
		this.#dirty = true;
		return this;
	}

	multiplyScalar( s ) {
		this.x *= s; this.y *= s; this.z *= s;
		return this;
	}

	*[ Symbol.iterator ]() {
		yield this.x;
		yield this.y;
		yield this.z;
	}

	static isVector( v ) {
		return #dirty in v;
	}
}

const EPSILON = 1e-6, MAX_ITER = 0x100, MASK = 0b1010_1010n;
let counter = 0;

function clamp( value, min = 0, max = 1 ) {
	return value < min ? min : value > max ? max : value;
}

async function loadAll( urls, { retries = 3, signal } = {} ) {
	const results = [];
	for ( const [ i, url ] of urls.entries() ) {
		let attempt = 0;
		while ( attempt++ < retries ) {
			try {
				const response = await fetch( url, { signal } );
				if ( ! response.ok ) throw new Error( `HTTP ${ response.status } for ${ url }` );
				results[ i ] = await response.json();
				break;
			} catch ( error ) {
				if ( signal?.aborted ) return null;
				console.warn( `retry ${ attempt } of ${ retries }:`, error.message );
			} finally {
				counter ++;
			}
		}
	}
	return results;
}

const formatters = {
	percent: ( v ) => `${ ( v * 100 ).toFixed( 1 ) }%`,
	bytes( n ) {
		const units = [ 'B', 'KB', 'MB', 'GB' ];
		let i = 0;
		for ( ; n >= 1024 && i < units.length - 1; i ++ ) n /= 1024;
		return n.toFixed( i === 0 ? 0 : 2 ) + ' ' + units[ i ];
	},
	trim: ( s ) => s.replace( /^\s+|\s+$/g, '' ),
	camel: ( s ) => s.replace( /[-_](\w)/g, ( _, c ) => c.toUpperCase() ),
	...{ extra: true },
};

function debounce( fn, wait ) {
	let timer = null;
	return function ( ...args ) {
		clearTimeout( timer );
		timer = setTimeout( () => fn.apply( this, args ), wait );
	};
}

const cache = new Map();
function memo( key, compute ) {
	if ( cache.has( key ) ) return cache.get( key );
	const value = compute( key ) ?? null;
	cache.set( key, value );
	return value;
}

switch ( typeof counter ) {
	case 'number':
		counter = counter | 0;
		break;
	default:
		counter = 0;
}

label: for ( let i = 0; i < 10; i ++ ) {
	for ( let j = 0; j < 10; j ++ ) {
		if ( ( i * j ) % 7 === 3 ) continue label;
		if ( i + j > 15 ) break label;
	}
}

const { a, b: [ c, , d = 4 ] = [], ...rest } = { a: 1, b: [ 2, 3 ], e: 5 };
[ counter ] = [ a + c + d + rest.e ];

class Emitter extends Map {
	on( type, listener ) {
		const list = super.get( type ) ?? [];
		list.push( listener );
		super.set( type, list );
		return () => this.off( type, listener );
	}

	off( type, listener ) {
		const list = this.get( type );
		if ( list === undefined ) return;
		const index = list.indexOf( listener );
		if ( index !== - 1 ) list.splice( index, 1 );
	}

	emit( type, ...args ) {
		for ( const listener of this.get( type ) || [] ) listener( ...args );
	}
}

var emitter = new Emitter(), lazy = () => import( './lazy.js' );
emitter.on( 'change', ( { target } ) => target && clamp( target.value, EPSILON, MAX_ITER ) );
emitter.emit( 'change', { target: { value: 0.5 } } );
