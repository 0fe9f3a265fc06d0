/** Below this width the side panels sit under the stage (panels.css): panels start folded. */
export const NARROW_SCREEN = '(max-width: 60rem)';
