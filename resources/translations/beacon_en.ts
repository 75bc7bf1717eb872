<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AddPeopleDialog</name>
    <message numerus="yes">
        <source>Adding %n person(s)…</source>
        <translation>
            <numerusform>Adding %n person…</numerusform>
            <numerusform>Adding %n people…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message numerus="yes">
        <source>%n entry(ies) shown.</source>
        <translation>
            <numerusform>%n entry shown.</numerusform>
            <numerusform>%n entries shown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BrowseChannelsDialog</name>
    <message numerus="yes">
        <source>%n channel(s) you can join.</source>
        <translation>
            <numerusform>%n channel you can join.</numerusform>
            <numerusform>%n channels you can join.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChannelHeader</name>
    <message numerus="yes">
        <source>%n pinned messages</source>
        <translation>
            <numerusform>%n pinned message</numerusform>
            <numerusform>%n pinned messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n members</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionStatus</name>
    <message numerus="yes">
        <source>Catching up… %n event(s)</source>
        <translation>
            <numerusform>Catching up… %n event</numerusform>
            <numerusform>Catching up… %n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the relay could not store %n message(s); they stay queued</source>
        <translation>
            <numerusform>the relay could not store %n message; it stays queued</numerusform>
            <numerusform>the relay could not store %n messages; they stay queued</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting to send</source>
        <translation>
            <numerusform>%n message waiting to send</numerusform>
            <numerusform>%n messages waiting to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>retrying in %n s</source>
        <translation>
            <numerusform>retrying in %n s</numerusform>
            <numerusform>retrying in %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DevicesDialog</name>
    <message numerus="yes">
        <source>%n device(s) signed in.</source>
        <translation>
            <numerusform>%n device signed in.</numerusform>
            <numerusform>%n devices signed in.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DigestDialog</name>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InvitesPage</name>
    <message numerus="yes">
        <source>%n open invitation(s).</source>
        <translation>
            <numerusform>%n open invitation.</numerusform>
            <numerusform>%n open invitations.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JumpPill</name>
    <message numerus="yes">
        <source>%n new messages</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MembersPanel</name>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message numerus="yes">
        <source>%n replies</source>
        <translation>
            <numerusform>%n reply</numerusform>
            <numerusform>%n replies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message numerus="yes">
        <source>%n person(s) in the workspace.</source>
        <translation>
            <numerusform>%n person in the workspace.</numerusform>
            <numerusform>%n people in the workspace.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuickSwitcher</name>
    <message numerus="yes">
        <source>@%n</source>
        <translation>
            <numerusform>@%n</numerusform>
            <numerusform>@%n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResourceBoardWindow</name>
    <message numerus="yes">
        <source>Conflicts (%n)</source>
        <translation>
            <numerusform>Conflict (%n)</numerusform>
            <numerusform>Conflicts (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <source>%1 · %n result(s)</source>
        <translation>
            <numerusform>%1 · %n result</numerusform>
            <numerusform>%1 · %n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Still indexing %n message(s): newer matches may be missing.</source>
        <translation>
            <numerusform>Still indexing %n message: newer matches may be missing.</numerusform>
            <numerusform>Still indexing %n messages: newer matches may be missing.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message numerus="yes">
        <source>For %n minute(s)</source>
        <translation>
            <numerusform>For %n minute</numerusform>
            <numerusform>For %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>For %n hour(s)</source>
        <translation>
            <numerusform>For %n hour</numerusform>
            <numerusform>For %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Beacon — %n unread message(s)</source>
        <translation>
            <numerusform>Beacon — %n unread message</numerusform>
            <numerusform>Beacon — %n unread messages</numerusform>
        </translation>
    </message>
</context>
</TS>
