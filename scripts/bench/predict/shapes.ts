/** Geometry for the drawing tool: every shape can report its area, perimeter and bounding box. */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Shape {
  area(): number;
  perimeter(): number;
  bounds(): Box;
}

export class Rect implements Shape {
  constructor(readonly x: number, readonly y: number, readonly width: number, readonly height: number) {}

  /** new Rect(0, 0, 2, 3).area() // => 6 */
  area(): number {
  }

  perimeter(): number {
    throw new Error('not implemented');
  }

  bounds(): Box {
  }
}

export class Circle implements Shape {
  constructor(readonly cx: number, readonly cy: number, readonly r: number) {}

  /** Area of the circle. */
  area(): number {
  }

  /** Circumference of the circle. */
  perimeter(): number {
  }

  /** The box around the circle. */
  bounds(): Box {
  }
}

/** The smallest box holding every box. */
export function union(boxes: Box[]): Box {
}
