/** Every "now" of the BFF: epoch milliseconds from one injected source, so that tests can move time. */
export type Clock = () => number;
