"""Use cases of moderation, one module per capability:

- `tagging`: tag each received item, open its clocks, route it, auto-hide what the pack permits;
- `clocks`: answer-time clocks met by staff replies, moved to at risk / breached by the tick;
- `decisions`: who may decide what, the decision log, and what each decision sets off;
- `actions`: platform actions, run only after `archive.record.preserved`, exactly once;
- `queue`: what staff read (the review queue, one item, verdicts, clocks, offenders);
- `routing`, `police_report`, `holiday`, `periodic`: the smaller ones.

Each is given the service's `Deps` (deps.py); router.py and main.py call them.
"""
