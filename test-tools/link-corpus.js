// A program that imports every package of the corpus, as an app would: it
// runs in Node (TestCorpusLink runs it), and `bmes-precompile -deps -link`
// over it must find no link error (no false positive on real code).
import * as d3 from 'd3';
import {format, addDays} from 'date-fns';
import {LitElement, html} from 'lit';
import {debounce, chunk} from 'lodash-es';
import {h, render} from 'preact';
import {useState} from 'preact/hooks';
import {Observable, map} from 'rxjs';
import * as THREE from 'three';
import {createApp, ref} from 'vue';
import {z} from 'zod';
import * as acorn from 'acorn';
console.log(typeof d3.select, typeof format, typeof addDays, typeof LitElement, typeof html, typeof debounce, typeof chunk,
  typeof h, typeof render, typeof useState, typeof Observable, typeof map, typeof THREE.Vector3, typeof createApp, typeof ref, typeof z.string, typeof acorn.parse);
