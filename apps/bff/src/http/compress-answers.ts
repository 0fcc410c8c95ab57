import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Answers that are streams, written as they are made: compressing them would hold back or slow what is sent. */
const STREAMED = /^text\/(event-stream|csv)\b/;

/**
 * Compresses what the browser reads in one piece (the SPA's assets, JSON answers) when it accepts gzip or brotli: the
 * first screen's scripts are a third of their size or less, and JSON answers (a page of 150 devices is 120 KB) shrink
 * more.
 * Progress events must reach the browser as written, and an export is paced by the vendor walk on this process's one
 * thread, so neither is compressed here (a proxy in front may still do it).
 */
export function compressAnswers(): RequestHandler {
  return compression({
    filter: (req: Request, res: Response) =>
      !STREAMED.test(String(res.getHeader('Content-Type') ?? '')) && compression.filter(req, res),
  });
}
