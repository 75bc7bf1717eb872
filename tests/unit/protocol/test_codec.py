"""The codec: every frame and event round-trips; bad input becomes one documented error."""

from __future__ import annotations

import json

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.protocol.projects import PlanFieldEdit
from desktop.protocol import codec
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from desktop.protocol import library as lib
from desktop.protocol.attention import DndSettings
from desktop.protocol.errors import ErrorCode, ProtocolError
from desktop.protocol.version import MAX_EVENTS_PER_FRAME, MAX_FRAME_BYTES, MAX_TEXT_CHARS

CID = "0192f0c2-aaaa-7bbb-8ccc-000000000001"
CH = "Cabc123def456"

# One fully populated sample of every client frame type (keyed by type, so a new
# frame type without a sample fails `test_every_client_frame_type_has_a_sample`).
CLIENT_SAMPLES: dict[type, fr.Hello | fr.Command] = {
    fr.Hello: fr.Hello(protocol=1, token="t" * 43, client="beacon/0.1", cursor=42, epoch="abcdef0123456789"),
    fr.Post: fr.Post(id=CID, channel=CH, text="hello 世界 👋", thread=7),
    fr.Edit: fr.Edit(id=CID, msg=7, text="edited"),
    fr.Delete: fr.Delete(id=CID, msg=7),
    fr.React: fr.React(id=CID, msg=7, emoji="👍"),
    fr.Unreact: fr.Unreact(id=CID, msg=7, emoji="👍"),
    fr.Pin: fr.Pin(id=CID, msg=7),
    fr.Unpin: fr.Unpin(id=CID, msg=7),
    fr.MarkRead: fr.MarkRead(id=CID, channel=CH, upto=99),
    fr.MarkUnread: fr.MarkUnread(id=CID, msg=7),
    fr.CreateChannel: fr.CreateChannel(id=CID, name="产品讨论", private=True, topic="t", members=["bob", "carol"]),
    fr.OpenDm: fr.OpenDm(id=CID, user="bob"),
    fr.Join: fr.Join(id=CID, channel=CH),
    fr.Leave: fr.Leave(id=CID, channel=CH),
    fr.Rename: fr.Rename(id=CID, channel=CH, name="renamed"),
    fr.Archive: fr.Archive(id=CID, channel=CH),
    fr.AddMember: fr.AddMember(id=CID, channel=CH, user="dave"),
    fr.RemoveMember: fr.RemoveMember(id=CID, channel=CH, user="dave"),
    fr.History: fr.History(id=CID, channel=CH, before=100, limit=MAX_EVENTS_PER_FRAME),
    fr.Ping: fr.Ping(id=CID),
    # tasks
    fr.TaskCreate: fr.TaskCreate(id=CID, channel=CH, source_msg=8, changes=[
        fr.TaskFieldEdit(field="title", value="发布 notes"), fr.TaskFieldEdit(field="assignees", value=["bob"]),
        fr.TaskFieldEdit(field="due", value="2030-01-31"), fr.TaskFieldEdit(field="estimate", value=4.5)]),
    fr.TaskEdit: fr.TaskEdit(id=CID, task=CID, changes=[fr.TaskFieldEdit(field="status", value="doing", base=12)]),
    fr.TaskComment: fr.TaskComment(id=CID, task=CID, text="**ok**"),
    fr.TaskSetColumns: fr.TaskSetColumns(id=CID, channel=CH, columns=[ev.TaskColumn(key="todo", name="Backlog")]),
    fr.TaskSetCapacity: fr.TaskSetCapacity(id=CID, hours=32),
    # attention
    fr.SetDnd: fr.SetDnd(id=CID, settings=DndSettings(
        manual_until=1_700_000_000_000, schedule=True, tz="Asia/Shanghai", hours=["09:00-18:00"] * 5 + ["", ""],
        allow_urgent=True, urgent_from=["bob"], channels={CH: "mentions"})),
    fr.SetStatus: fr.SetStatus(id=CID, emoji="📅", text="开会中 In a meeting", until=1_700_000_000_000),
    fr.Schedule: fr.Schedule(id=CID, channel=CH, text="later 稍后", at=1_700_000_000_000, thread=7,
                             until_dnd_ends=True, urgent=True),
    fr.ScheduleEdit: fr.ScheduleEdit(id=CID, sched=CID, text="new", at=1_700_000_000_001),
    fr.ScheduleCancel: fr.ScheduleCancel(id=CID, sched=CID),
    fr.ScheduleSendNow: fr.ScheduleSendNow(id=CID, sched=CID),
    fr.PostUrgent: fr.PostUrgent(id=CID, channel=CH, text="prod is down", thread=7),
    fr.SetPresence: fr.SetPresence(id=CID, state="away"),
    fr.PlanSet: fr.PlanSet(id=CID, record_kind="demand", record=CID, changes=[
        PlanFieldEdit(field="hours", value=20.0, base=3), PlanFieldEdit(field="removed", value=True),
        PlanFieldEdit(field="skills", value=["qt"])]),
    fr.ShareFile: fr.ShareFile(id=CID, channel=CH, sha256="ab" * 32, size=12, name="报告 Q3.pdf", mime="application/pdf", caption="numbers"),
    # team
    fr.SetTopic: fr.SetTopic(id=CID, channel=CH, topic="发布计划 release plan"),
    fr.Unarchive: fr.Unarchive(id=CID, channel=CH),
    fr.SetRole: fr.SetRole(id=CID, user="bob", role="guest"),
    fr.Deactivate: fr.Deactivate(id=CID, user="bob"),
    fr.Reactivate: fr.Reactivate(id=CID, user="bob"),
    fr.SetProfile: fr.SetProfile(id=CID, display_name="李伟", title="架构师", tz="Asia/Shanghai"),
    fr.BrowseChannels: fr.BrowseChannels(id=CID, query="设计"),
    fr.ChannelMembers: fr.ChannelMembers(id=CID, channel=CH),
    fr.People: fr.People(id=CID, query="ali"),
    fr.AuditList: fr.AuditList(id=CID, before=40, limit=20),
    # library
    lib.LibrarySave: lib.LibrarySave(id=CID, channel=CH, title="双活切换", msg=8, thread=True, summary="s",
                                     tags=["数据库", "failover"], category="howto", project="p", customer="c"),
    lib.LibraryEdit: lib.LibraryEdit(id=CID, entry=CID, title="t", summary="", tags=[], category="case",
                                     project="", customer="x"),
    lib.LibraryRemove: lib.LibraryRemove(id=CID, entry=CID),
    lib.LibraryReuse: lib.LibraryReuse(id=CID, entry=CID, how="copied", channel=CH),
    lib.LibraryPublish: lib.LibraryPublish(id=CID, entry=CID, published=False),
    lib.ExpertsListing: lib.ExpertsListing(id=CID, listed=False),
}

_base = dict(ts=1_700_000_000_000, actor="alice", channel=CH, cid=CID)
EVENT_SAMPLES: dict[type, ev.EventBase] = {
    ev.UserCreated: ev.UserCreated(seq=1, ts=1, user="alice", display_name="Alice"),
    ev.UserUpdated: ev.UserUpdated(seq=2, ts=2, user="alice", display_name="Alice Ä"),
    ev.ChannelCreated: ev.ChannelCreated(seq=3, **_base, name="general", private=True, dm=False, topic="x", members=["alice", "bob"], managers=["alice"]),
    ev.ChannelRenamed: ev.ChannelRenamed(seq=4, **_base, name="général"),
    ev.ChannelArchived: ev.ChannelArchived(seq=5, **_base),
    ev.MemberAdded: ev.MemberAdded(seq=6, **_base, user="bob"),
    ev.MemberRemoved: ev.MemberRemoved(seq=7, **_base, user="bob"),
    ev.MessagePosted: ev.MessagePosted(seq=8, **_base, msg=8, text="hi\n\"quoted\" \\ 😀", thread=3),
    ev.MessageEdited: ev.MessageEdited(seq=9, **_base, msg=8, text="hi!"),
    ev.MessageDeleted: ev.MessageDeleted(seq=10, **_base, msg=8, moderated=True),
    ev.ReactionAdded: ev.ReactionAdded(seq=11, **_base, msg=8, emoji="🎉"),
    ev.ReactionRemoved: ev.ReactionRemoved(seq=12, **_base, msg=8, emoji="🎉"),
    ev.MessagePinned: ev.MessagePinned(seq=13, **_base, msg=8),
    ev.MessageUnpinned: ev.MessageUnpinned(seq=14, **_base, msg=8),
    ev.ReadMarked: ev.ReadMarked(seq=15, **_base, upto=14),
    ev.ReadUnmarked: ev.ReadUnmarked(seq=16, **_base, upto=6),
    # tasks
    ev.TaskCreated: ev.TaskCreated(seq=40, **_base, task=CID, number=40, source_msg=8, changes=[
        ev.TaskChange(field="title", value="t"), ev.TaskChange(field="labels", value=["a", "b"]),
        ev.TaskChange(field="estimate", value=None)]),
    ev.TaskUpdated: ev.TaskUpdated(seq=41, **_base, task=CID, changes=[
        ev.TaskChange(field="due", value="2030-02-01", lost=ev.TaskLost(actor="bob", value="2030-01-31", seq=40))]),
    ev.TaskCommented: ev.TaskCommented(seq=42, **_base, task=CID, text="done?"),
    ev.TaskColumnsSet: ev.TaskColumnsSet(seq=43, **_base, columns=[ev.TaskColumn(key="todo", name="To do")]),
    ev.TaskCapacitySet: ev.TaskCapacitySet(seq=44, ts=1, actor="bob", user="bob", hours=30.0),
    ev.PlanChanged: ev.PlanChanged(seq=45, ts=1, actor="bob", record_kind="project", record=CID, created=True, changes=[
        ev.PlanChange(field="name", value="Apollo", lost=ev.PlanLost(actor="alice", value="Zeus", seq=3)),
        ev.PlanChange(field="removed", value=False), ev.PlanChange(field="channels", value=["c1"])]),
    # attention
    ev.DndChanged: ev.DndChanged(seq=50, ts=1, actor="bob", settings=DndSettings(manual_until=-1, channels={CH: "mute"})),
    ev.StatusChanged: ev.StatusChanged(seq=51, ts=1, actor="bob", user="bob", emoji="🎯", text="Focusing",
                                       until=1_700_000_000_000, dnd_until=1_700_000_000_001, presence="away"),
    ev.ScheduledChanged: ev.ScheduledChanged(seq=52, **_base, sched=CID, text="t", at=5, state="sent", thread=3,
                                             until_dnd_ends=True, urgent=True, msg=8, late=True, error="e"),
    ev.MessageUrgent: ev.MessageUrgent(seq=53, **_base, msg=8),
    # team
    ev.ChannelTopicSet: ev.ChannelTopicSet(seq=60, **_base, topic="新话题"),
    ev.ChannelUnarchived: ev.ChannelUnarchived(seq=61, **_base),
    ev.ManagerChanged: ev.ManagerChanged(seq=62, ts=1, channel=CH, user="bob", manager=True),
    ev.RoleChanged: ev.RoleChanged(seq=63, ts=1, actor="alice", user="bob", role="admin"),
    ev.UserDeactivated: ev.UserDeactivated(seq=64, ts=1, actor="alice", user="bob"),
    ev.UserReactivated: ev.UserReactivated(seq=65, ts=1, user="bob"),
    ev.FileShared: ev.FileShared(seq=17, **_base, file=17, msg=16, sha256="ab" * 32, size=12, name="报告 Q3.pdf", mime="application/pdf", caption="numbers"),
    # library
    ev.LibrarySaved: ev.LibrarySaved(seq=60, **_base, entry=CID, title="双活切换", msg=8, file=None, thread=True,
                                     summary="s", tags=["数据库"], category="howto", project="p", customer="c",
                                     author="bob", saved_ts=5, edited=True),
    ev.LibraryRemoved: ev.LibraryRemoved(seq=61, **_base, entry=CID),
    ev.LibraryReused: ev.LibraryReused(seq=62, **_base, entry=CID, how="linked", count=3),
    ev.ExpertsListed: ev.ExpertsListed(seq=63, ts=1, actor="bob", user="bob", listed=False),
}

SERVER_SAMPLES: list = [
    fr.Welcome(protocol=1, user="alice", display_name="Alice", epoch="e" * 16, head=15, server_ts=5,
               resume="reset", reason="the cursor is ahead"),
    fr.Events(events=list(EVENT_SAMPLES.values())),
    fr.Synced(head=15),
    fr.Ack(id=CID, ts=5, seq=8, msg=8, channel=CH, duplicate=True),
    fr.Ack(id=CID, ts=5),
    fr.Error(code=str(ErrorCode.RATE_LIMITED), message="slow down", id=CID, retry_after_ms=12),
    fr.Error(code=str(ErrorCode.BAD_FRAME), message="no"),
    fr.HistoryResult(id=CID, channel=CH, events=list(EVENT_SAMPLES.values())[2:], more=True),
    fr.Pong(id=CID, server_ts=123),
]


def _union_members(union) -> set[type]:
    return set(union.__args__)


def test_every_client_frame_type_has_a_sample():
    assert set(CLIENT_SAMPLES) == _union_members(fr.ClientFrame)


def test_every_event_kind_has_a_sample():
    assert set(EVENT_SAMPLES) == set(ev.EVENT_TYPES)
    assert {t.__struct_config__.tag for t in EVENT_SAMPLES} == ev.EVENT_KINDS


def test_every_server_frame_type_has_a_sample():
    assert {type(s) for s in SERVER_SAMPLES} == _union_members(fr.ServerFrame)


@pytest.mark.parametrize("frame", CLIENT_SAMPLES.values(), ids=lambda f: type(f).__name__)
def test_client_frames_round_trip(frame):
    data = codec.encode(frame)
    assert json.loads(data)["type"] == type(frame).__struct_config__.tag
    assert codec.decode_client_frame(data) == frame
    assert codec.decode_client_frame(data.decode()) == frame  # str input too


@pytest.mark.parametrize("frame", SERVER_SAMPLES, ids=lambda f: type(f).__name__)
def test_server_frames_round_trip(frame):
    assert codec.decode_server_frame(codec.encode(frame)) == frame


@pytest.mark.parametrize("event", EVENT_SAMPLES.values(), ids=lambda e: type(e).__name__)
def test_events_round_trip(event):
    data = codec.encode(event)
    assert json.loads(data)["kind"] == type(event).__struct_config__.tag
    assert codec.decode_event(data) == event
    assert codec.decode_event(msgspec.Raw(data)) == event


def test_events_frame_splices_stored_bytes_without_reencoding():
    bodies = [codec.encode(e) for e in EVENT_SAMPLES.values()]
    frame = codec.decode_server_frame(codec.events_frame(bodies))
    assert isinstance(frame, fr.Events)
    assert frame.events == list(EVENT_SAMPLES.values())
    empty = codec.decode_server_frame(codec.events_frame([]))
    assert empty == fr.Events(events=[])


@pytest.mark.parametrize("more", [True, False])
def test_history_frame_splices_stored_bytes(more):
    events = [EVENT_SAMPLES[ev.MessagePosted], EVENT_SAMPLES[ev.MessageEdited]]
    data = codec.history_frame(CID, CH, [codec.encode(e) for e in events], more)
    frame = codec.decode_server_frame(data)
    assert frame == fr.HistoryResult(id=CID, channel=CH, events=events, more=more)


def test_error_frame_from_protocol_error_keeps_code_message_and_ref():
    err = ProtocolError(ErrorCode.UNKNOWN_TYPE, "unknown frame type 'x'", ref=CID)
    frame = codec.decode_server_frame(codec.error_frame(err))
    assert frame == fr.Error(code="unknown_type", message="unknown frame type 'x'", id=CID)


# ---- errors -------------------------------------------------------------------


def _error(data) -> ProtocolError:
    with pytest.raises(ProtocolError) as info:
        codec.decode_client_frame(data)
    assert info.value.code in set(ErrorCode)
    return info.value


@pytest.mark.parametrize(
    "data",
    [b"", b"not json", b"{", b'{"type":"ping"', b"\xff\xfe\x00", "{'type': 'ping'}", b'{"type":"ping",}'],
)
def test_not_json_is_bad_frame(data):
    assert _error(data).code is ErrorCode.BAD_FRAME


@pytest.mark.parametrize("data", [b"[]", b'["ping"]', b"1", b'"ping"', b"null", b"true", b"3.5"])
def test_not_an_object_is_bad_frame(data):
    assert _error(data).code is ErrorCode.BAD_FRAME


@pytest.mark.parametrize("data", [b"{}", b'{"type":null}', b'{"type":5}', b'{"type":["ping"]}', b'{"id":"x"}'])
def test_missing_or_non_string_type_is_bad_frame(data):
    assert _error(data).code is ErrorCode.BAD_FRAME


@pytest.mark.parametrize("name", ["pong", "welcome", "events", "ack", "POST", "post ", "", "x" * 1000])
def test_unknown_type_is_unknown_type_and_keeps_the_id(name):
    err = _error(json.dumps({"type": name, "id": CID}).encode())
    assert err.code is ErrorCode.UNKNOWN_TYPE
    assert err.ref == CID
    assert len(err.message) < 100  # a huge type name is not echoed back in full


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "post", "id": CID, "channel": CH, "text": 5},
        {"type": "post", "id": CID, "channel": CH, "text": None},
        {"type": "post", "id": CID, "channel": CH},  # missing text
        {"type": "post", "id": CID, "channel": "has space", "text": "x"},
        {"type": "post", "id": CID, "channel": CH, "text": "x", "thread": 0},
        {"type": "post", "id": CID, "channel": CH, "text": "x", "thread": "7"},
        {"type": "edit", "id": CID, "msg": 1.5, "text": "x"},
        {"type": "edit", "id": CID, "msg": -1, "text": "x"},
        {"type": "react", "id": CID, "msg": 1, "emoji": ""},
        {"type": "mark_read", "id": CID, "channel": CH, "upto": True},
        {"type": "create_channel", "id": CID, "name": "#nope"},
        {"type": "create_channel", "id": CID, "name": "a b"},
        {"type": "create_channel", "id": CID, "name": "ok", "private": "yes"},
        {"type": "create_channel", "id": CID, "name": "ok", "members": ["UPPER"]},
        {"type": "history", "id": CID, "channel": CH, "limit": 0},
        {"type": "history", "id": CID, "channel": CH, "limit": MAX_EVENTS_PER_FRAME + 1},
        {"type": "open_dm", "id": CID, "user": {"name": "bob"}},
        {"type": "hello", "protocol": "1", "token": "t"},
        {"type": "hello", "protocol": 1, "token": ""},
        {"type": "hello", "protocol": 1, "token": "t", "cursor": -1},
    ],
)
def test_wrong_field_types_are_bad_frame(frame):
    err = _error(json.dumps(frame).encode())
    assert err.code is ErrorCode.BAD_FRAME, err
    assert err.ref == frame.get("id")


@pytest.mark.parametrize("bad_id", [5, None, "short", "has space in it!!", "x" * 65, ["a" * 20]])
def test_bad_command_id_is_bad_frame_and_not_echoed(bad_id):
    err = _error(json.dumps({"type": "ping", "id": bad_id}).encode())
    assert err.code is ErrorCode.BAD_FRAME
    # Only a short string id is echoed back (so the client can match it), never a huge one.
    assert err.ref == (bad_id if isinstance(bad_id, str) and len(bad_id) <= 64 else None)


def test_oversize_frame_is_too_large_bytes_and_str():
    big = json.dumps({"type": "ping", "id": CID, "pad": "x" * MAX_FRAME_BYTES})
    assert _error(big.encode()).code is ErrorCode.TOO_LARGE
    assert _error(big).code is ErrorCode.TOO_LARGE
    # The limit is on UTF-8 bytes, not characters.
    multibyte = json.dumps({"type": "ping", "id": CID, "pad": "界" * (MAX_FRAME_BYTES // 3 + 1)}, ensure_ascii=False)
    assert len(multibyte) < MAX_FRAME_BYTES
    assert _error(multibyte).code is ErrorCode.TOO_LARGE


def test_frame_at_the_size_limit_is_accepted():
    head = json.dumps({"type": "ping", "id": CID, "pad": ""})
    data = head[:-2] + "x" * (MAX_FRAME_BYTES - len(head)) + '"}'
    assert len(data.encode()) == MAX_FRAME_BYTES
    assert codec.decode_client_frame(data) == fr.Ping(id=CID)


def test_oversize_text_is_too_large_and_keeps_the_id():
    ok = {"type": "post", "id": CID, "channel": CH, "text": "界" * MAX_TEXT_CHARS}
    assert codec.decode_client_frame(json.dumps(ok, ensure_ascii=False)).text == ok["text"]
    err = _error(json.dumps({**ok, "text": "a" * (MAX_TEXT_CHARS + 1)}).encode())
    assert err.code is ErrorCode.TOO_LARGE
    assert err.ref == CID


def test_unknown_fields_are_ignored_for_forward_compatibility():
    data = json.dumps({"type": "ping", "id": CID, "future_field": {"a": 1}}).encode()
    assert codec.decode_client_frame(data) == fr.Ping(id=CID)


@given(st.binary(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_bytes_decode_or_raise_protocol_error(data):
    try:
        frame = codec.decode_client_frame(data)
    except ProtocolError as err:
        assert err.code in set(ErrorCode)
    else:
        assert isinstance(frame, (fr.Hello, fr.Command))


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@given(st.sampled_from(sorted(t.__struct_config__.tag for t in CLIENT_SAMPLES)), st.dictionaries(
    st.sampled_from(["id", "channel", "text", "msg", "emoji", "upto", "name", "user", "limit", "before",
                     "protocol", "token", "cursor", "thread", "members", "private"]), _json, max_size=6))
@settings(max_examples=300, deadline=None)
def test_known_types_with_random_fields_decode_or_raise_documented_error(type_name, fields):
    data = json.dumps({**fields, "type": type_name}).encode()
    try:
        frame = codec.decode_client_frame(data)
    except ProtocolError as err:
        assert err.code in (ErrorCode.BAD_FRAME, ErrorCode.TOO_LARGE)
    else:
        assert type(frame).__struct_config__.tag == type_name


@given(st.text(max_size=MAX_TEXT_CHARS))
@settings(max_examples=100, deadline=None)
def test_any_text_round_trips_in_a_post(text):
    post = fr.Post(id=CID, channel=CH, text=text)
    try:
        data = codec.encode(post)
    except UnicodeEncodeError:
        return  # lone surrogates cannot be sent at all
    assert codec.decode_client_frame(data) == post


# ---- events on the client side --------------------------------------------------


def test_unknown_event_kind_becomes_unknown_event():
    raw = b'{"kind":"poll.created","seq":77,"ts":1,"question":"?"}'
    assert codec.decode_event(raw) == ev.UnknownEvent(seq=77, kind="poll.created")
    # ... also inside an events frame, between known events, keeping order.
    known = [codec.encode(EVENT_SAMPLES[ev.MessagePosted]), codec.encode(EVENT_SAMPLES[ev.ReadMarked])]
    frame = codec.decode_server_frame(codec.events_frame([known[0], raw, known[1]]))
    assert [e.seq for e in frame.events] == [8, 77, 15]
    assert isinstance(frame.events[1], ev.UnknownEvent)


def test_event_without_kind_is_unknown_event():
    assert codec.decode_event(b'{"seq":3,"ts":1}') == ev.UnknownEvent(seq=3, kind="")


@pytest.mark.parametrize(
    "raw",
    [
        b'{"kind":"message.posted","seq":8,"ts":1,"msg":8}',  # known kind, missing text
        b'{"kind":"message.posted","seq":"8","ts":1,"msg":8,"text":"x"}',
        b'{"kind":"poll.created"}',  # unknown kind without a seq: cannot advance the cursor
        b"[1,2]",
        b"not json",
    ],
)
def test_malformed_event_is_bad_frame(raw):
    with pytest.raises(ProtocolError) as info:
        codec.decode_event(raw)
    assert info.value.code is ErrorCode.BAD_FRAME


@pytest.mark.parametrize(
    "data",
    [b"nope", b"[]", b'{"type":"post","id":"' + CID.encode() + b'"}', b'{"type":"welcome"}', b'{"type":"events"}'],
)
def test_bad_server_frame_is_bad_frame(data):
    with pytest.raises(ProtocolError) as info:
        codec.decode_server_frame(data)
    assert info.value.code is ErrorCode.BAD_FRAME


def test_oversize_server_frame_is_too_large():
    with pytest.raises(ProtocolError) as info:
        codec.decode_server_frame(b'{"type":"synced","head":1,"pad":"' + b"x" * MAX_FRAME_BYTES + b'"}')
    assert info.value.code is ErrorCode.TOO_LARGE
