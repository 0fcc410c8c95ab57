// Prints the BFF's settings as the README's Markdown table (npm run env-reference).
import { environmentReference } from '../config.ts';

console.log(environmentReference());
