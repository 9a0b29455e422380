// How many documents one pull request of the reports and events replications asks for. The first sync of a
// supervisor (50 000 reports) is where this counts: every page is a round trip, and on a patrol link a
// round trip is 300 ms; pages of 50 meant 1 000+ of them. Pages of 1 000 cost 50, each written locally in
// one bulk insert, compressed on the wire (the gateway answers br/gzip), and the gateway fills every page
// to its limit. On loopback, where a round trip costs nothing, 50 and 500 measured the same (96 s vs 89 s
// for 20 000 reports in `npm run bench -- review`); `npm run bench -- sync` compares them on 3g.
export const PULL_BATCH_SIZE = 1000;
/** Pushes stay small: an officer's outbox is short, and a refused document is answered per batch. */
export const PUSH_BATCH_SIZE = 20;
