/** What one look at a picture gives the check (face-engine.ts makes it; capture-rules.ts judges it). */
export interface FaceReading {
  /** Faces in the picture; a check wants exactly one. */
  faces: number;
  /** 1024 numbers describing the face (faceres); empty when there is no single face. */
  descriptor: number[];
  /** The liveness model's real-face score, 0–1. */
  live: number;
  /** The detector's confidence, 0–1. */
  score: number;
  /** Face box as a share of the picture's width (how close the citizen stands). */
  size: number;
}
