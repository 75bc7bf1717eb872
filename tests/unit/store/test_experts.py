""""Who knows X" on a synthetic workspace with known experts (tests/data/knowledge/experts.json).

Per topic, in a real cache: four threads where someone asks; the true expert answers
three (thanked in two), a rival answers three too (thanked in one half of the time),
both get a few reactions; a generalist ("helper") answers one thread of every topic
and is sometimes thanked; a chatterbox mentions every topic's words again and again;
and for every other topic the expert wrote a library entry. Plus a channel alice
left, where a decoy has the strongest evidence of all: it must count for nothing.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from desktop.domain import experts as dx
from desktop.protocol import events as ev
from desktop.store import knowledge as sk

DATA = json.loads((Path(__file__).parents[2] / "data" / "knowledge" / "experts.json").read_text("utf-8"))
EN_Q = ("Does anyone know how the {a} works with {b}?", "How do we handle {a} {b} here?", "Any idea why {a} fails on {b}?")
EN_A = ("For {a} you set up {b} first, then check {c}; that is what fixed it last time.",
        "{a}: run the {b} step before {c}, and keep an eye on {d}.",
        "We solved {a} by tuning {b} and {c}; the runbook has the details.")
ZH_Q = ("请问{a}的{b}怎么做？", "有人知道{a}和{b}的问题吗？", "{a}{b}一直失败，谁知道原因？")
ZH_A = ("{a}{b}要先确认{c}，然后看{d}，上次就是这样解决的。", "{a}这块先做{b}，再检查{c}就可以了。",
        "我们的做法：{a}按{b}走，{c}单独处理。")
THANKS = {"en": ("thanks, that worked!", "thank you, solved"), "zh": ("谢谢，解决了！", "感谢，有用")}
CHATTER = {"en": "I keep hearing about {a} and {b} lately", "zh": "最近大家都在聊{a}和{b}"}


def _fill(store, log, rng: random.Random) -> None:
    people = DATA["people"]
    events = [log.user(p, p.title()) for p in [*people, "decoy"]]
    events += [log.channel("C1", "general", members=tuple(people)),
               log.channel("C2", "eng", members=tuple(people)),
               log.channel("C9", "left", members=("alice", "decoy", "bob"))]
    events.append(log.member("C9", "alice", removed=True))

    def post(channel, author, text, thread=None):
        e = log.post(channel, text, author=author, thread=thread)
        events.append(e)
        return e.seq

    for n, topic in enumerate(DATA["topics"]):
        lang, expert = topic["lang"], topic["expert"]
        q, a = (EN_Q, EN_A) if lang == "en" else (ZH_Q, ZH_A)
        channel = "C1" if n % 2 else "C2"
        others = [p for p in people if p not in (expert, "chatty", "helper", "alice")]

        def words():
            w = rng.sample(topic["words"], 4)
            return dict(zip("abcd", w))

        rival = rng.choice(others)  # answers as often as the expert, thanked less
        askers = [p for p in others if p != rival]
        plan = (  # who answers each thread, in order; the asker thanks the last of them (or not)
            ((expert,), True), ((rival, expert), True), ((rival,), rng.random() < 0.5),
            ((expert, rival), False),
        )
        for repliers, thanked in plan:
            asker = rng.choice(askers)
            root = post(channel, asker, rng.choice(q).format(**words()))
            for replier in repliers:
                answer = post(channel, replier, rng.choice(a).format(**words()), thread=root)
                for _ in range(rng.randint(0, 2 if replier == expert else 1)):
                    events.append(log.react(channel, answer, "👍", user=rng.choice(askers)))
            if thanked:
                post(channel, asker, rng.choice(THANKS[lang]), thread=root)
        # The generalist answers one thread of every topic, thanked one time in three.
        asker = rng.choice(others)
        root = post(channel, asker, rng.choice(q).format(**words()))
        post(channel, "helper", rng.choice(a).format(**words()), thread=root)
        if n % 3 == 0:
            post(channel, asker, rng.choice(THANKS[lang]), thread=root)
        for _ in range(6):
            post(channel, "chatty", CHATTER[lang].format(**words()))
        if n % 2 == 0:
            events.append(ev.LibrarySaved(**log._next(), channel=channel, actor=expert, author=expert,
                                          entry=f"entry-{n:04d}-xxxxxxxxxx", msg=root,
                                          title=" ".join(topic["words"][:3]), tags=topic["words"][:2]))
        # In the channel alice left, a decoy looks like the best expert of all.
        root = post("C9", "bob", rng.choice(q).format(**words()))
        for _ in range(3):
            reply = post("C9", "decoy", rng.choice(a).format(**words()), thread=root)
            events.append(log.react("C9", reply, "🎉", user="bob"))
        post("C9", "bob", rng.choice(THANKS[lang]), thread=root)
    store.apply_events(events, epoch="E1")


def test_true_expert_ranked_first_for_most_queries(store, log, capsys):
    _fill(store, log, random.Random(20261202))
    firsts, seen = 0, set()
    for topic in DATA["topics"]:
        ranked = dx.rank(sk.expert_evidence(store, topic["query"]), opted_out=sk.opted_out(store))
        assert ranked, topic["query"]
        seen.update(e.user for e in ranked)
        firsts += ranked[0].user == topic["expert"]
        assert ranked[0].evidence and dx.describe(ranked[0])  # never a bare score
    share = firsts / len(DATA["topics"])
    with capsys.disabled():
        print(f"\nexperts: true expert first for {firsts}/{len(DATA['topics'])} queries ({share:.0%})")
    assert share >= 0.8
    assert "decoy" not in seen  # the channel alice left gives no evidence
    assert "chatty" not in {dx.rank(sk.expert_evidence(store, t["query"]))[0].user for t in DATA["topics"]}


def test_opted_out_people_are_not_listed(store, log):
    _fill(store, log, random.Random(1))
    query = DATA["topics"][0]["query"]
    assert dx.rank(sk.expert_evidence(store, query))[0].user == "wei"
    store.apply_events([ev.ExpertsListed(**log._next(), actor="wei", user="wei", listed=False)])
    assert sk.opted_out(store) == {"wei"}
    assert "wei" not in [x.user for x in dx.rank(sk.expert_evidence(store, query), opted_out=sk.opted_out(store))]
    store.apply_events([ev.ExpertsListed(**log._next(), actor="wei", user="wei", listed=True)])
    assert sk.opted_out(store) == set()


def test_reply_whose_thread_root_is_not_cached_still_counts(store, log):
    store.apply_events([log.user("alice", "Alice"), log.user("bob", "Bob"),
                        log.channel("C1", "general", members=("alice", "bob"))])
    store.apply_events([log.post("C1", "Rotate the TLS certificate with the renewal script", author="bob", thread=999_999)])
    [person] = dx.rank(sk.expert_evidence(store, "TLS certificate renewal"))
    assert person.user == "bob" and person.evidence[0].kind == "answer"
