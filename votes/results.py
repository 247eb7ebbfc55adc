"""A closed round's count, as tables a page can print: names instead of nomination ids."""


def present(result, nominations):
    """Rows and columns for the round's published count; nominations in nomination order."""
    if not result:
        return None
    names = {str(n.pk): n.book.title for n in nominations}
    order = [str(n.pk) for n in nominations]
    shown = {"method": result["method"], "winner": names.get(result.get("winner"))}
    if result["method"] == "irv":
        rounds = result["rounds"]
        out_in = {}
        for number, counted in enumerate(rounds, start=1):
            if counted["eliminated"]:
                out_in[counted["eliminated"]] = number
        shown["round_numbers"] = list(range(1, len(rounds) + 1))
        shown["rows"] = [
            {
                "name": names[pk],
                "cells": [counted["tallies"].get(pk) for counted in rounds],
                "out": out_in.get(pk),
                "won": pk == result.get("winner"),
            }
            for pk in order
        ]
        shown["exhausted"] = [counted["exhausted"] for counted in rounds]
        shown["steps"] = [
            {
                "number": number,
                "eliminated": names.get(counted["eliminated"]),
                "elected": names.get(counted["elected"]),
                "tie": counted.get("tie", False),
            }
            for number, counted in enumerate(rounds, start=1)
        ]
    elif result["method"] == "schulze":
        d = {(a, b): n for a, b, n in result["pairwise"]}
        p = {(a, b): n for a, b, n in result["strongest"]}
        shown["names"] = [names[pk] for pk in order]
        shown["pairwise"] = [{"name": names[a], "cells": [None if a == b else d[a, b] for b in order]} for a in order]
        shown["strongest"] = [{"name": names[a], "cells": [None if a == b else p[a, b] for b in order]} for a in order]
        shown["ranking"] = [names[pk] for pk in result["ranking"]]
        shown["tied"] = [names[pk] for pk in result.get("tied", [])]
    else:
        shown["points"] = [(names[pk], result["points"][pk]) for pk in result["ranking"]]
    return shown
