// Options for Ink's render() that the console and the bench rig share. maxFps 60: Ink throttles
// frames to 1000/maxFps ms (leading and trailing), so a key pressed just after a clock frame
// waits for that window to close; at the default 30 that wait was the keypress → frame p95.
export const inkRenderOptions = {maxFps: 60} as const;
