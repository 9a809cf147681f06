"""Use cases of moderation, one module per concern:

- `tagging`: tag each received item, open its clocks, route it, auto-hide what the pack permits;
- `clocks`: answer-time clocks met by staff replies, moved to at risk / breached by the tick;
- `decisions`: who may decide what, the decision log, and what each decision sets off;
- `actions`: platform actions, run only after `archive.record.preserved`, exactly once;
- `routing`, `police_report`, `holiday`, `queue`, `periodic`: the smaller ones.

`handlers`, `main` and the tests use them as `service.<use case>`; `Deps` is in `deps`.
"""

from .actions import on_preserved, request_action, retry_waiting, try_execute
from .clocks import evaluate_clocks, stop_clocks_for_reply
from .decisions import decide
from .deps import Deps
from .holiday import notice, set_holiday_mode
from .periodic import tick
from .police_report import build_police_report
from .actions import on_registered
from .queue import item_detail, review_queue
from .tagging import handle_item, tag_item

__all__ = ["Deps", "build_police_report", "decide", "evaluate_clocks", "handle_item", "item_detail", "notice",
           "on_preserved", "on_registered", "request_action", "retry_waiting", "review_queue", "set_holiday_mode",
           "stop_clocks_for_reply", "tag_item", "tick", "try_execute"]
