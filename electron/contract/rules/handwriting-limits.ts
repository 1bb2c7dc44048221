/**
 * The bounds of one handwriting request (手写), checked by the contract's schema and kept by the
 * pad while the citizen writes: one character's worth of strokes, never megabytes.
 */
/** The pad's coordinates are scaled into a 0..HANDWRITING_BOX square, whatever its size on screen. */
export const HANDWRITING_BOX = 1000;
export const HANDWRITING_MAX_STROKES = 40;
export const HANDWRITING_MAX_POINTS_PER_STROKE = 256;
export const HANDWRITING_MAX_POINTS = 4000;
export const HANDWRITING_MAX_CANDIDATES = 20;
