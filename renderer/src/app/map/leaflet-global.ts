import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

// protomaps-leaflet extends the global `L` (it is written for Leaflet 1.x loaded by a script tag): give it the
// same Leaflet the app bundles before any of its layers is made.
(globalThis as unknown as { L: typeof L }).L = L;

export default L;
