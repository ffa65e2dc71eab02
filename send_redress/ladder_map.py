"""Every concern's path through its ladder, walked by the engine (`send-redress routes --map`
and the web's reviewers' map at /routes/map): the public face of `_ladder_map`."""

from send_redress._ladder_map import REVIEW_DATE, starting_facts, walk

__all__ = ["REVIEW_DATE", "starting_facts", "walk"]
