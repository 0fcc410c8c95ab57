import { useEffect, useState } from 'react';

/**
 * False until the browser has painted the component's first render, then true: a part of the screen that can wait a
 * frame renders in a task of its own, and what the person came for is painted first.
 */
export function usePaintedOnce(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // A task queued from an animation frame runs after that frame's paint.
    let task: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      task = setTimeout(() => {
        setPainted(true);
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(task);
    };
  }, []);
  return painted;
}
