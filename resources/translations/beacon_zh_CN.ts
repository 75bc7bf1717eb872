<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>colour emoji font</source>
        <translation>彩色表情字体</translation>
    </message>
    <message>
        <source>emoji names and keywords</source>
        <translation>表情名称和关键词</translation>
    </message>
    <message>
        <source>the user interface</source>
        <translation>用户界面</translation>
    </message>
    <message>
        <source>the encrypted cache</source>
        <translation>加密缓存</translation>
    </message>
    <message>
        <source>the connection to the relay</source>
        <translation>与中继服务器的连接</translation>
    </message>
    <message>
        <source>the wire format</source>
        <translation>传输格式</translation>
    </message>
    <message>
        <source>asyncio in the Qt event loop</source>
        <translation>Qt 事件循环中的 asyncio</translation>
    </message>
    <message>
        <source>the OS keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>Chinese word segmentation</source>
        <translation>中文分词</translation>
    </message>
    <message>
        <source>pinyin matching of names</source>
        <translation>姓名拼音匹配</translation>
    </message>
    <message>
        <source>where profiles live</source>
        <translation>配置文件位置</translation>
    </message>
    <message>
        <source>About Beacon</source>
        <translation>关于 Beacon</translation>
    </message>
    <message>
        <source>Beacon %1</source>
        <translation>Beacon %1</translation>
    </message>
    <message>
        <source>Team chat, files and tasks that work offline, with an encrypted cache on this computer.
Qt %1 · PySide6 %2 · Python %3 · %4</source>
        <translation>离线可用的团队聊天、文件和任务，本机缓存全程加密。
Qt %1 · PySide6 %2 · Python %3 · %4</translation>
    </message>
    <message>
        <source>Beacon is MIT-licensed. It includes:</source>
        <translation>Beacon 以 MIT 许可证发布，其中包含：</translation>
    </message>
</context>
<context>
    <name>AccountUi</name>
    <message>
        <source>&amp;Account</source>
        <translation>账号(&amp;A)</translation>
    </message>
    <message>
        <source>Invite people…</source>
        <translation>邀请成员…</translation>
    </message>
    <message>
        <source>Set password…</source>
        <translation>设置密码…</translation>
    </message>
    <message>
        <source>Signed-in devices…</source>
        <translation>已登录的设备…</translation>
    </message>
    <message>
        <source>Sign in a new device with a code…</source>
        <translation>用验证码登录新设备…</translation>
    </message>
    <message>
        <source>Sign out…</source>
        <translation>退出登录…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Sign out of Beacon on this computer? You will need an invitation or your password to sign in again.</source>
        <translation>要在这台电脑上退出 Beacon 吗？再次登录需要邀请或你的密码。</translation>
    </message>
    <message>
        <source>Also delete the messages kept on this computer (they stay encrypted otherwise)</source>
        <translation>同时删除保存在这台电脑上的消息（否则会继续加密保存）</translation>
    </message>
</context>
<context>
    <name>AddPeopleDialog</name>
    <message>
        <source>Add people to #%1</source>
        <translation>添加成员到 #%1</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Everyone is in this channel already.</source>
        <translation>所有人都已在这个频道里。</translation>
    </message>
    <message numerus="yes">
        <source>Adding %n person(s)…</source>
        <translation>
            <numerusform>正在添加 %n 人…</numerusform>
        </translation>
    </message>
    <message>
        <source>The relay refused: %1</source>
        <translation>中继拒绝了：%1</translation>
    </message>
</context>
<context>
    <name>ApproveDeviceDialog</name>
    <message>
        <source>Sign in a new device</source>
        <translation>登录新设备</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Code shown on the new device</source>
        <translation>新设备上显示的验证码</translation>
    </message>
    <message>
        <source>No device is waiting with this code for your account.</source>
        <translation>没有设备在用这个验证码等待登录你的账号。</translation>
    </message>
    <message>
        <source>This code has expired. Ask the new device for a new one.</source>
        <translation>这个验证码已过期，请在新设备上重新获取。</translation>
    </message>
    <message>
        <source>%1 is signed in.</source>
        <translation>%1 已登录。</translation>
    </message>
</context>
<context>
    <name>AttachDialog</name>
    <message>
        <source>Send files</source>
        <translation>发送文件</translation>
    </message>
    <message>
        <source>Send to %1:</source>
        <translation>发送到 %1：</translation>
    </message>
    <message>
        <source>Add a caption (optional)</source>
        <translation>添加说明（可选）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
</context>
<context>
    <name>Attention</name>
    <message>
        <source>%n new message(s)</source>
        <translation>%n 条新消息</translation>
    </message>
    <message>
        <source>, %n mention(s)</source>
        <translation>，%n 次提及</translation>
    </message>
    <message>
        <source> in %n channel(s) while you were away</source>
        <translation>（来自 %n 个频道，在你离开期间）</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <source>Do not disturb is on</source>
        <translation>勿扰已开启</translation>
    </message>
    <message>
        <source>Do not disturb until %1</source>
        <translation>勿扰至 %1</translation>
    </message>
    <message>
        <source>While you were away</source>
        <translation>你离开期间</translation>
    </message>
    <message>
        <source>A scheduled message was sent late (you were offline at %1).</source>
        <translation>一条定时消息延迟发送了（%1 时你处于离线状态）。</translation>
    </message>
    <message>
        <source>Mentions only</source>
        <translation>仅提及</translation>
    </message>
    <message>
        <source>(until %1)</source>
        <translation>（至 %1）</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>do not disturb</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <source>do not disturb until %1</source>
        <translation>勿扰至 %1</translation>
    </message>
    <message>
        <source>Write a message first, then choose when to send it.</source>
        <translation>请先写好消息，再选择发送时间。</translation>
    </message>
    <message>
        <source>Scheduled for %1.</source>
        <translation>已定时于 %1。</translation>
    </message>
    <message>
        <source>It will be delivered when their do-not-disturb ends.</source>
        <translation>将在对方勿扰结束时送达。</translation>
    </message>
    <message>
        <source>In a meeting</source>
        <translation>开会中</translation>
    </message>
    <message>
        <source>Focusing</source>
        <translation>专注中</translation>
    </message>
    <message>
        <source>Commuting</source>
        <translation>通勤中</translation>
    </message>
    <message>
        <source>Out sick</source>
        <translation>病假</translation>
    </message>
    <message>
        <source>On leave</source>
        <translation>休假中</translation>
    </message>
    <message>
        <source>On until you turn it off</source>
        <translation>开启，直到你关闭</translation>
    </message>
    <message>
        <source>On until %1</source>
        <translation>开启至 %1</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>For 30 minutes</source>
        <translation>30 分钟</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>For 2 hours</source>
        <translation>2 小时</translation>
    </message>
    <message>
        <source>Until tomorrow 09:00</source>
        <translation>直到明天 09:00</translation>
    </message>
    <message>
        <source>Until a chosen time…</source>
        <translation>直到指定时间…</translation>
    </message>
    <message>
        <source>Until I turn it off</source>
        <translation>直到我关闭</translation>
    </message>
    <message>
        <source>Working hours…</source>
        <translation>工作时间…</translation>
    </message>
    <message>
        <source>Let urgent messages through</source>
        <translation>允许紧急消息打扰</translation>
    </message>
    <message>
        <source>Pause notifications until</source>
        <translation>暂停通知直到</translation>
    </message>
    <message>
        <source>Unknown time zone: %1</source>
        <translation>未知时区：%1</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>created an invitation</source>
        <translation>创建了邀请</translation>
    </message>
    <message>
        <source>joined with an invitation</source>
        <translation>通过邀请加入</translation>
    </message>
    <message>
        <source>revoked an invitation</source>
        <translation>撤销了邀请</translation>
    </message>
    <message>
        <source>changed a role</source>
        <translation>更改了角色</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>停用了账号</translation>
    </message>
    <message>
        <source>reactivated</source>
        <translation>重新启用了账号</translation>
    </message>
    <message>
        <source>added to a channel</source>
        <translation>添加到频道</translation>
    </message>
    <message>
        <source>removed from a channel</source>
        <translation>从频道移除</translation>
    </message>
    <message>
        <source>archived a channel</source>
        <translation>归档了频道</translation>
    </message>
    <message>
        <source>unarchived a channel</source>
        <translation>取消归档频道</translation>
    </message>
    <message>
        <source>removed a message (moderation)</source>
        <translation>删除了消息（管理）</translation>
    </message>
    <message>
        <source>signed out a device</source>
        <translation>登出了设备</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Load older</source>
        <translation>加载更早的记录</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>the relay&apos;s operator</source>
        <translation>中继管理员</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) shown.</source>
        <translation>
            <numerusform>已显示 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>use %1</source>
        <translation>第 %1 次使用</translation>
    </message>
    <message>
        <source>(when the channel was made)</source>
        <translation>（创建频道时）</translation>
    </message>
</context>
<context>
    <name>BeaconApp</name>
    <message>
        <source>&amp;Beacon</source>
        <translation>&amp;Beacon</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>New task…</source>
        <translation>新建任务…</translation>
    </message>
    <message>
        <source>Add column…</source>
        <translation>添加列…</translation>
    </message>
    <message>
        <source>Double-click to rename</source>
        <translation>双击重命名</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Retry the refused change</source>
        <translation>重试被拒绝的修改</translation>
    </message>
    <message>
        <source>Discard the refused change</source>
        <translation>放弃被拒绝的修改</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>移动到</translation>
    </message>
    <message>
        <source>Add column</source>
        <translation>添加列</translation>
    </message>
    <message>
        <source>Column name:</source>
        <translation>列名：</translation>
    </message>
    <message>
        <source>Rename column</source>
        <translation>重命名列</translation>
    </message>
</context>
<context>
    <name>BrowseChannelsDialog</name>
    <message>
        <source>Browse channels</source>
        <translation>浏览频道</translation>
    </message>
    <message>
        <source>Filter by name or topic</source>
        <translation>按名称或主题筛选</translation>
    </message>
    <message>
        <source>Filter channels</source>
        <translation>筛选频道</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Public channels</source>
        <translation>公开频道</translation>
    </message>
    <message>
        <source>Asking the relay…</source>
        <translation>正在询问中继…</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <source>Join %1</source>
        <translation>加入 %1</translation>
    </message>
    <message>
        <source>You are in every public channel already.</source>
        <translation>你已加入所有公开频道。</translation>
    </message>
    <message>
        <source>No public channel matches “%1”.</source>
        <translation>没有与“%1”匹配的公开频道。</translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s) you can join.</source>
        <translation>
            <numerusform>有 %n 个频道可以加入。</numerusform>
        </translation>
    </message>
    <message>
        <source>Joining…</source>
        <translation>正在加入…</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>已加入</translation>
    </message>
    <message>
        <source>The relay refused to %1: %2</source>
        <translation>中继拒绝%1：%2</translation>
    </message>
</context>
<context>
    <name>CacheCheck</name>
    <message>
        <source>The cache is damaged</source>
        <translation>缓存已损坏</translation>
    </message>
    <message>
        <source>Beacon found damage in its cache; some messages, tasks or files may not show.

It can rebuild the cache from the relay when it next starts. Messages you queued, drafts and your sign-in are kept; the damaged files are set aside in %1.</source>
        <translation>Beacon 发现缓存有损坏，部分消息、任务或文件可能无法显示。

下次启动时可以从中继服务器重建缓存。排队待发的消息、草稿和登录信息都会保留；损坏的文件会移到 %1 中保存。</translation>
    </message>
    <message>
        <source>Rebuild at next start</source>
        <translation>下次启动时重建</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>Quit Beacon and start it again: it will rebuild its cache from the relay.</source>
        <translation>请退出 Beacon 后重新启动：它会从中继服务器重建缓存。</translation>
    </message>
</context>
<context>
    <name>CacheNotices</name>
    <message>
        <source>Beacon repaired its cache</source>
        <translation>Beacon 已修复缓存</translation>
    </message>
    <message>
        <source>Part of the cache was damaged, probably by a crash or a disk fault, and could not be read. Messages you queued are safe. Recent read markers and drafts may be lost; everything else comes back from the relay.

The damaged files are kept in:
%1</source>
        <translation>缓存的一部分已损坏（可能由于程序崩溃或磁盘故障），无法读取。排队待发的消息都安全。最近的已读标记和草稿可能丢失；其余内容会从中继服务器重新获取。

损坏的文件保存在：
%1</translation>
    </message>
</context>
<context>
    <name>CardDelegate</name>
    <message>
        <source>due %1</source>
        <translation>截止 %1</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>被拒绝：%1</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>冲突</translation>
    </message>
</context>
<context>
    <name>ChannelHeader</name>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Pinned messages</source>
        <translation>置顶消息</translation>
    </message>
    <message>
        <source>1 pinned message</source>
        <translation>1 条置顶消息</translation>
    </message>
    <message numerus="yes">
        <source>%n pinned messages</source>
        <translation>
            <numerusform>%n 条置顶消息</numerusform>
        </translation>
    </message>
    <message>
        <source>1 member</source>
        <translation>1 位成员</translation>
    </message>
    <message numerus="yes">
        <source>%n members</source>
        <translation>
            <numerusform>%n 位成员</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>等 %n 人</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChannelListModel</name>
    <message>
        <source>Starred</source>
        <translation>已加星标</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Direct messages</source>
        <translation>私信</translation>
    </message>
    <message>
        <source>active</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>do not disturb</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <source>%1, %2 unread</source>
        <translation>%1，%2 条未读</translation>
    </message>
</context>
<context>
    <name>ChannelTabs</name>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Pins</source>
        <translation>置顶</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>%1 — too long to send; the limit is %2 characters</source>
        <translation>%1 — 太长，无法发送；上限为 %2 个字符</translation>
    </message>
    <message>
        <source>Editing message — Enter to save, Esc to cancel</source>
        <translation>正在编辑消息 — 按 Enter 保存，按 Esc 取消</translation>
    </message>
</context>
<context>
    <name>ComposerEmoji</name>
    <message>
        <source>Emoji</source>
        <translation>表情</translation>
    </message>
    <message>
        <source>Insert emoji</source>
        <translation>插入表情</translation>
    </message>
</context>
<context>
    <name>ComposerFrame</name>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Attach files…</source>
        <translation>附加文件…</translation>
    </message>
    <message>
        <source>Bold (Ctrl+B)</source>
        <translation>粗体 (Ctrl+B)</translation>
    </message>
    <message>
        <source>Bold</source>
        <translation>粗体</translation>
    </message>
    <message>
        <source>Italic (Ctrl+I)</source>
        <translation>斜体 (Ctrl+I)</translation>
    </message>
    <message>
        <source>Italic</source>
        <translation>斜体</translation>
    </message>
    <message>
        <source>Code (Ctrl+Shift+C)</source>
        <translation>代码 (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
</context>
<context>
    <name>ConnectionStatus</name>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message numerus="yes">
        <source>Catching up… %n event(s)</source>
        <translation>
            <numerusform>正在同步… 已处理 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Catching up…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>未连接：%1</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message numerus="yes">
        <source>the relay could not store %n message(s); they stay queued</source>
        <translation>
            <numerusform>中继无法存储 %n 条消息；它们仍在队列中等待发送</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) waiting to send</source>
        <translation>
            <numerusform>%n 条消息等待发送</numerusform>
        </translation>
    </message>
    <message>
        <source>last synced %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message numerus="yes">
        <source>retrying in %n s</source>
        <translation>
            <numerusform>%n 秒后重试</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationIntro</name>
    <message>
        <source>Pick a channel or a person on the left, or press Ctrl+K to jump to one.</source>
        <translation>在左侧选择一个频道或联系人，或按 Ctrl+K 快速跳转。</translation>
    </message>
    <message>
        <source>This is the beginning of your conversation with %1.</source>
        <translation>这是你和 %1 对话的开始。</translation>
    </message>
    <message>
        <source>their local time %1</source>
        <translation>对方当地时间 %1</translation>
    </message>
    <message>
        <source>Say hello. What you write offline is sent when you are back online.</source>
        <translation>打个招呼吧。离线时写的消息会在恢复联网后发送。</translation>
    </message>
    <message>
        <source>This is the very beginning of #%1.</source>
        <translation>这是 #%1 的最开始。</translation>
    </message>
    <message>
        <source>Post an update, share a file with 📎 in the message box (or drop it here), or turn a message into a task.</source>
        <translation>发一条进展，用输入框里的 📎 分享文件（或直接拖到这里），或把消息变成任务。</translation>
    </message>
</context>
<context>
    <name>CreateChannelDialog</name>
    <message>
        <source>Create a channel</source>
        <translation>创建频道</translation>
    </message>
    <message>
        <source>e.g. design or 设计评审</source>
        <translation>例如 design 或 设计评审</translation>
    </message>
    <message>
        <source>What is it about? (optional)</source>
        <translation>这个频道讨论什么？（可选）</translation>
    </message>
    <message>
        <source>Public: anyone in the workspace can find and join it</source>
        <translation>公开：工作区里的任何人都能找到并加入</translation>
    </message>
    <message>
        <source>Private: only people who are added can see it</source>
        <translation>私密：只有被添加的人才能看到</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Who can see it</source>
        <translation>谁能看到</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Add people now (optional)</source>
        <translation>现在添加成员（可选）</translation>
    </message>
    <message>
        <source>A channel name has 1–80 characters, no spaces, and does not start with @.</source>
        <translation>频道名称为 1–80 个字符，不能有空格，也不能以 @ 开头。</translation>
    </message>
    <message>
        <source>The topic is too long.</source>
        <translation>主题太长了。</translation>
    </message>
    <message>
        <source>Creating #%1…</source>
        <translation>正在创建 #%1…</translation>
    </message>
    <message>
        <source>The relay refused: %1</source>
        <translation>中继拒绝了：%1</translation>
    </message>
</context>
<context>
    <name>DevicesDialog</name>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Signed-in devices</source>
        <translation>已登录的设备</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>登录时间</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近在线</translation>
    </message>
    <message>
        <source>Sign out the selected device</source>
        <translation>让所选设备退出登录</translation>
    </message>
    <message>
        <source>The relay could not be asked: %1</source>
        <translation>无法询问中继：%1</translation>
    </message>
    <message>
        <source> (this computer)</source>
        <translation>（这台电脑）</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) signed in.</source>
        <translation>
            <numerusform>已登录 %n 台设备</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed out. That device has to sign in again.</source>
        <translation>已退出。那台设备需要重新登录。</translation>
    </message>
</context>
<context>
    <name>DigestDialog</name>
    <message>
        <source>Catch up: %1</source>
        <translation>快速了解：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Key messages</source>
        <translation>关键消息</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>决定</translation>
    </message>
    <message>
        <source>Unanswered questions</source>
        <translation>未回答的问题</translation>
    </message>
    <message>
        <source>Tasks created</source>
        <translation>创建的任务</translation>
    </message>
    <message>
        <source>Files shared</source>
        <translation>分享的文件</translation>
    </message>
    <message>
        <source>Mentions of you</source>
        <translation>提到你的消息</translation>
    </message>
    <message>
        <source>Nothing to catch up on.</source>
        <translation>没有需要了解的内容。</translation>
    </message>
</context>
<context>
    <name>DndBanner</name>
    <message>
        <source>Deliver when their DND ends</source>
        <translation>在对方勿扰结束时送达</translation>
    </message>
    <message>
        <source>%1 is in do-not-disturb — they will be notified when it ends</source>
        <translation>%1 正处于勿扰模式——勿扰结束时才会通知对方</translation>
    </message>
    <message>
        <source>%1 is in do-not-disturb until %2 — they will be notified then</source>
        <translation>%1 勿扰至 %2——届时才会通知对方</translation>
    </message>
</context>
<context>
    <name>EmojiPicker</name>
    <message>
        <source>Recent</source>
        <translation>最近使用</translation>
    </message>
    <message>
        <source>Smileys &amp; emotion</source>
        <translation>笑脸与情感</translation>
    </message>
    <message>
        <source>People &amp; body</source>
        <translation>人物与身体</translation>
    </message>
    <message>
        <source>Animals &amp; nature</source>
        <translation>动物与自然</translation>
    </message>
    <message>
        <source>Food &amp; drink</source>
        <translation>食物与饮料</translation>
    </message>
    <message>
        <source>Travel &amp; places</source>
        <translation>旅行与地点</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>物品</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>符号</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>旗帜</translation>
    </message>
    <message>
        <source>Emoji picker</source>
        <translation>表情选择器</translation>
    </message>
    <message>
        <source>Search emoji — English or 中文</source>
        <translation>搜索表情 — 中文或英文</translation>
    </message>
    <message>
        <source>Search emoji</source>
        <translation>搜索表情</translation>
    </message>
    <message>
        <source>Emoji</source>
        <translation>表情</translation>
    </message>
    <message>
        <source>No emoji match “%1”.</source>
        <translation>没有与“%1”匹配的表情。</translation>
    </message>
    <message>
        <source>Emoji you use show up here.</source>
        <translation>你用过的表情会显示在这里。</translation>
    </message>
</context>
<context>
    <name>ExpertsDialog</name>
    <message>
        <source>Who knows…</source>
        <translation>谁了解…</translation>
    </message>
    <message>
        <source>A subject, e.g. NPU 算力评估</source>
        <translation>一个主题，例如 NPU 算力评估</translation>
    </message>
    <message>
        <source>Looking…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>Nobody found for that in what you can see.</source>
        <translation>在你能看到的内容里没有找到相关的人。</translation>
    </message>
    <message>
        <source>library entry</source>
        <translation>知识库条目</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>on their profile</source>
        <translation>个人资料中的技能</translation>
    </message>
</context>
<context>
    <name>FileCards</name>
    <message>
        <source>available offline</source>
        <translation>可离线使用</translation>
    </message>
</context>
<context>
    <name>FilesController</name>
    <message>
        <source>Could not send %1: %2</source>
        <translation>无法发送 %1：%2</translation>
    </message>
    <message>
        <source>Could not download %1: %2</source>
        <translation>无法下载 %1：%2</translation>
    </message>
</context>
<context>
    <name>FilesModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>发送者</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <source>Spreadsheet</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>演示文稿</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>压缩包</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Kept offline</source>
        <translation>已保留离线</translation>
    </message>
    <message>
        <source>Kept offline (downloading)</source>
        <translation>已保留离线（下载中）</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
</context>
<context>
    <name>FilesWindow</name>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>按名称搜索</translation>
    </message>
    <message>
        <source>No files here yet. Share one with Attach… under the message box, by dropping it on the window or by pasting an image; shared files are listed here and searchable offline.</source>
        <translation>这里还没有文件。可用消息框下方的“附件…”、把文件拖到窗口上或粘贴图片来分享；分享的文件会列在这里，离线也能搜索。</translation>
    </message>
    <message>
        <source>No file matches this name or type. Clear the search or choose All types.</source>
        <translation>没有文件符合此名称或类型。请清除搜索，或选择“所有类型”。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Keep offline</source>
        <translation>保留离线</translation>
    </message>
    <message>
        <source>Keep this channel offline</source>
        <translation>离线保留此频道</translation>
    </message>
    <message>
        <source>Show message</source>
        <translation>显示消息</translation>
    </message>
    <message>
        <source>Save to library…</source>
        <translation>保存到知识库…</translation>
    </message>
    <message>
        <source>Keep this file in the team&apos;s solution library, with a title and tags</source>
        <translation>把这个文件存入团队知识库，附上标题和标签</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>所有频道</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Save file</source>
        <translation>保存文件</translation>
    </message>
    <message>
        <source>Not saved: %1 appeared meanwhile; try again</source>
        <translation>未保存：%1 刚刚出现了；请重试</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Replace file?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 已存在。要替换吗？</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Beacon</source>
        <translation>欢迎使用 Beacon</translation>
    </message>
    <message>
        <source>Relay address</source>
        <translation>中继地址</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Try the demo workspace</source>
        <translation>试用演示工作区</translation>
    </message>
    <message>
        <source>The relay address starts with wss:// (or ws:// on a local network).</source>
        <translation>中继地址以 wss:// 开头（局域网内可用 ws://）。</translation>
    </message>
    <message>
        <source>Paste the token you were given.</source>
        <translation>请粘贴你收到的令牌。</translation>
    </message>
    <message>
        <source>Join your team with the invitation you were sent, or sign in with your user name and password.
Everything you can see is kept encrypted on this computer, so Beacon works offline too.</source>
        <translation>使用收到的邀请加入团队，或用用户名和密码登录。
你能看到的一切都加密保存在这台电脑上，所以 Beacon 离线也能用。</translation>
    </message>
    <message>
        <source>Join with an invitation</source>
        <translation>通过邀请加入</translation>
    </message>
    <message>
        <source>Token (administrators)</source>
        <translation>令牌（管理员）</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <source>Paste an invitation link or code</source>
        <translation>粘贴邀请链接或邀请码</translation>
    </message>
    <message>
        <source>Invitation link or code</source>
        <translation>邀请链接或邀请码</translation>
    </message>
    <message>
        <source>Only with a code: wss://relay.example.com</source>
        <translation>仅使用邀请码时填写：wss://relay.example.com</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>你的名字</translation>
    </message>
    <message>
        <source>As your colleagues will see it</source>
        <translation>同事看到的名字</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>a-z, 0-9, dot, dash, underscore</source>
        <translation>a-z、0-9、点、连字符、下划线</translation>
    </message>
    <message>
        <source>Invitation</source>
        <translation>邀请</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>No password? Get a code to approve on a signed-in device</source>
        <translation>没有密码？获取验证码，在已登录的设备上批准</translation>
    </message>
    <message>
        <source>This invitation link is damaged or incomplete; copy it again.</source>
        <translation>这个邀请链接已损坏或不完整，请重新复制。</translation>
    </message>
    <message>
        <source>Paste the invitation link, or the 12-character code (XXXX-XXXX-XXXX).</source>
        <translation>请粘贴邀请链接，或 12 位邀请码（XXXX-XXXX-XXXX）。</translation>
    </message>
    <message>
        <source>With a code, also give the relay address (it starts with wss://).</source>
        <translation>使用邀请码时，还需填写中继地址（以 wss:// 开头）。</translation>
    </message>
    <message>
        <source>Type your name as your colleagues should see it (at most 80 characters).</source>
        <translation>请输入同事看到的名字（最多 80 个字符）。</translation>
    </message>
    <message>
        <source>A user name is 1-32 of a-z, 0-9, dot, dash and underscore, starting with a letter or digit.</source>
        <translation>用户名由 1-32 个 a-z、0-9、点、连字符和下划线组成，并以字母或数字开头。</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>On a device where you are signed in, choose Account → Sign in a new device with a code, and enter %1. Waiting…</source>
        <translation>在已登录的设备上选择“账号 → 用验证码登录新设备”，输入 %1。正在等待…</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Beacon cannot reach the relay: %1</source>
        <translation>Beacon 无法连接中继：%1</translation>
    </message>
    <message>
        <source>This invitation is not valid: check the link or code.</source>
        <translation>这个邀请无效，请检查链接或邀请码。</translation>
    </message>
    <message>
        <source>This invitation has expired. Ask for a new one.</source>
        <translation>这个邀请已过期，请索取新的邀请。</translation>
    </message>
    <message>
        <source>This invitation has already been used. Ask for a new one.</source>
        <translation>这个邀请已被使用，请索取新的邀请。</translation>
    </message>
    <message>
        <source>This invitation was withdrawn. Ask for a new one.</source>
        <translation>这个邀请已被撤销，请索取新的邀请。</translation>
    </message>
    <message>
        <source>This user name is taken. Choose another one.</source>
        <translation>这个用户名已被占用，请换一个。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>This account is deactivated. Ask an administrator.</source>
        <translation>这个账号已停用，请联系管理员。</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again in %1 min.</source>
        <translation>失败次数过多，请在 %1 分钟后重试。</translation>
    </message>
    <message>
        <source>The code was not approved in time. Try again.</source>
        <translation>验证码未及时获得批准，请重试。</translation>
    </message>
    <message>
        <source>Too many attempts. Try again in %1 min.</source>
        <translation>尝试次数过多，请在 %1 分钟后重试。</translation>
    </message>
</context>
<context>
    <name>ForwardDialog</name>
    <message>
        <source>Forward message</source>
        <translation>转发消息</translation>
    </message>
    <message>
        <source>Message to forward</source>
        <translation>要转发的消息</translation>
    </message>
    <message>
        <source>Forward to… (channel or person; pinyin works)</source>
        <translation>转发到…（频道或联系人，可用拼音）</translation>
    </message>
    <message>
        <source>Forward to</source>
        <translation>转发到</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>No conversation matches. Try a channel name or a person&apos;s name.</source>
        <translation>没有匹配的会话。试试频道名或联系人姓名。</translation>
    </message>
    <message>
        <source>Add a message (optional)</source>
        <translation>添加留言（可选）</translation>
    </message>
    <message>
        <source>Your message</source>
        <translation>你的留言</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>转发</translation>
    </message>
    <message>
        <source>This message is from a private conversation: everyone in %1 will see it, including people who were not in it.</source>
        <translation>这条消息来自私密会话：%1 中的所有人都会看到它，包括原会话之外的人。</translation>
    </message>
    <message>
        <source>%1 in %2:</source>
        <translation>%1 在 %2：</translation>
    </message>
    <message>
        <source>View original</source>
        <translation>查看原消息</translation>
    </message>
</context>
<context>
    <name>HoverBar</name>
    <message>
        <source>Add reaction</source>
        <translation>添加表情回应</translation>
    </message>
    <message>
        <source>Add reaction (R)</source>
        <translation>添加表情回应 (R)</translation>
    </message>
    <message>
        <source>Reply in thread</source>
        <translation>在话题中回复</translation>
    </message>
    <message>
        <source>Reply in thread (T)</source>
        <translation>在话题中回复 (T)</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>更多操作</translation>
    </message>
    <message>
        <source>More actions (.)</source>
        <translation>更多操作 (.)</translation>
    </message>
    <message>
        <source>More emoji…</source>
        <translation>更多表情…</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <source>Invite people</source>
        <translation>邀请成员</translation>
    </message>
    <message>
        <source>Create invitation</source>
        <translation>创建邀请</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>访客</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>People who may join</source>
        <translation>可加入人数</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>They join</source>
        <translation>加入的频道</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>邀请码</translation>
    </message>
    <message>
        <source>Only owners and admins can invite people, and not above their own role.</source>
        <translation>只有所有者和管理员可以邀请成员，且不能高于自己的角色。</translation>
    </message>
    <message>
        <source>Send the link (or the code with the relay address %1). It is shown only now.</source>
        <translation>请发送链接（或邀请码加中继地址 %1）。它只在此时显示一次。</translation>
    </message>
</context>
<context>
    <name>InvitesPage</name>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>已使用</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期时间</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>创建者</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>New invitation…</source>
        <translation>新建邀请…</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>the relay&apos;s operator</source>
        <translation>中继管理员</translation>
    </message>
    <message numerus="yes">
        <source>%n open invitation(s).</source>
        <translation>
            <numerusform>%n 个有效邀请。</numerusform>
        </translation>
    </message>
    <message>
        <source>Revoked: that link and code no longer work.</source>
        <translation>已撤销：该链接和邀请码不再有效。</translation>
    </message>
</context>
<context>
    <name>JumpPill</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss the new messages notice</source>
        <translation>关闭新消息提示</translation>
    </message>
    <message>
        <source>1 new message</source>
        <translation>1 条新消息</translation>
    </message>
    <message numerus="yes">
        <source>%n new messages</source>
        <translation>
            <numerusform>%n 条新消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Jump to the first unread message</source>
        <translation>跳到第一条未读消息</translation>
    </message>
</context>
<context>
    <name>JumpToLatest</name>
    <message>
        <source>Jump to latest</source>
        <translation>跳到最新</translation>
    </message>
    <message>
        <source>Go to the newest message</source>
        <translation>转到最新消息</translation>
    </message>
</context>
<context>
    <name>KnowledgeUi</name>
    <message>
        <source>Source: file %1</source>
        <translation>来源：文件 %1</translation>
    </message>
    <message>
        <source>Source: deleted (the entry keeps its title, summary and tags)</source>
        <translation>来源：已删除（条目保留其标题、摘要和标签）</translation>
    </message>
    <message>
        <source>Source: a message in a channel you are not in</source>
        <translation>来源：你不在的频道中的一条消息</translation>
    </message>
    <message>
        <source>Source: %1: %2</source>
        <translation>来源：%1：%2</translation>
    </message>
    <message>
        <source>&amp;Knowledge</source>
        <translation>知识(&amp;K)</translation>
    </message>
    <message>
        <source>Catch up on this channel</source>
        <translation>快速了解此频道</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Who knows…</source>
        <translation>谁了解…</translation>
    </message>
    <message>
        <source>thread in %1</source>
        <translation>%1 中的话题</translation>
    </message>
    <message>
        <source>Save to library…</source>
        <translation>保存到知识库…</translation>
    </message>
    <message>
        <source>Save thread to library…</source>
        <translation>将话题保存到知识库…</translation>
    </message>
    <message>
        <source>Catch up on this thread</source>
        <translation>快速了解此话题</translation>
    </message>
</context>
<context>
    <name>LibraryDialog</name>
    <message>
        <source>Library</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Search the library (titles, summaries, tags, projects)</source>
        <translation>搜索知识库（标题、摘要、标签、项目）</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>所有标签</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>所有频道</translation>
    </message>
    <message>
        <source>Most recent</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>Most reused</source>
        <translation>最常复用</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>排序</translation>
    </message>
    <message>
        <source>Open source</source>
        <translation>打开来源</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Publish to workspace</source>
        <translation>发布到整个工作区</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The library is empty. Save an answer from a message&apos;s menu (Save to library…) or a file from the Files window, and it shows here for everyone in that channel.</source>
        <translation>知识库还是空的。在消息菜单中选择“保存到知识库…”，或在文件窗口中保存文件，该频道的成员就能在这里看到。</translation>
    </message>
    <message>
        <source>%1 · in #%2 · by %3 · reused %4×</source>
        <translation>%1 · #%2 · %3 保存 · 复用 %4 次</translation>
    </message>
    <message>
        <source>published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>source deleted</source>
        <translation>来源已删除</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>被拒绝：%1</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Withdraw to #%1</source>
        <translation>撤回到 #%1</translation>
    </message>
    <message>
        <source>Remove from the library</source>
        <translation>从知识库删除</translation>
    </message>
    <message>
        <source>Remove “%1” from the library for everyone? The source message stays.</source>
        <translation>要为所有人从知识库删除“%1”吗？来源消息会保留。</translation>
    </message>
    <message>
        <source>No entries match.</source>
        <translation>没有匹配的条目。</translation>
    </message>
</context>
<context>
    <name>LinkGuard</name>
    <message>
        <source>Link not opened</source>
        <translation>未打开链接</translation>
    </message>
    <message>
        <source>Beacon only opens web links (http and https). This link was not opened:

%1</source>
        <translation>Beacon 只打开网页链接（http 和 https）。此链接未被打开：

%1</translation>
    </message>
    <message>
        <source>Open link?</source>
        <translation>打开链接？</translation>
    </message>
    <message>
        <source>Open this address in your browser?

%1</source>
        <translation>在浏览器中打开此地址？

%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Beacon</source>
        <translation>Beacon</translation>
    </message>
    <message>
        <source>Channels and direct messages</source>
        <translation>频道和私信</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <source>Jump to channel or person</source>
        <translation>跳转到频道或联系人</translation>
    </message>
    <message>
        <source>Search in channel</source>
        <translation>在频道中搜索</translation>
    </message>
    <message>
        <source>Search everywhere</source>
        <translation>全局搜索</translation>
    </message>
    <message>
        <source>Previous channel</source>
        <translation>上一个频道</translation>
    </message>
    <message>
        <source>Next channel</source>
        <translation>下一个频道</translation>
    </message>
    <message>
        <source>Go to the composer</source>
        <translation>转到输入框</translation>
    </message>
    <message>
        <source>Message %1</source>
        <translation>发消息给 %1</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>取消静音</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>复制文本</translation>
    </message>
    <message>
        <source>Reply in thread</source>
        <translation>在话题中回复</translation>
    </message>
    <message>
        <source>React</source>
        <translation>表情回应</translation>
    </message>
    <message>
        <source>More emoji…</source>
        <translation>更多表情…</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Forward…</source>
        <translation>转发…</translation>
    </message>
    <message>
        <source>Mark unread</source>
        <translation>标为未读</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Delete message?</source>
        <translation>删除消息？</translation>
    </message>
    <message>
        <source>Delete this message for everyone?</source>
        <translation>要为所有人删除这条消息吗？</translation>
    </message>
    <message>
        <source>F&amp;iles</source>
        <translation>文件(&amp;I)</translation>
    </message>
    <message>
        <source>Files of this channel</source>
        <translation>本频道的文件</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>Attach files…</source>
        <translation>附加文件…</translation>
    </message>
    <message>
        <source>Offline file cache size…</source>
        <translation>离线文件缓存大小…</translation>
    </message>
    <message>
        <source>Send files (or drop them on the window, or paste an image)</source>
        <translation>发送文件（也可拖放到窗口或粘贴图片）</translation>
    </message>
    <message>
        <source>Offline file cache</source>
        <translation>离线文件缓存</translation>
    </message>
    <message>
        <source>Keep up to this many GB of downloaded files (now %1 in use, plus %2 kept offline):</source>
        <translation>下载的文件最多保留这么多 GB（当前已用 %1，另有 %2 保留离线）：</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Could not read the pasted image</source>
        <translation>无法读取粘贴的图片</translation>
    </message>
    <message>
        <source>Could not keep the pasted image: %1</source>
        <translation>无法保存粘贴的图片：%1</translation>
    </message>
</context>
<context>
    <name>MeButton</name>
    <message>
        <source>Set your status and do-not-disturb</source>
        <translation>设置你的状态和勿扰</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <source>Set a status</source>
        <translation>设置状态</translation>
    </message>
    <message>
        <source>Opens the status menu</source>
        <translation>打开状态菜单</translation>
    </message>
</context>
<context>
    <name>MembersPanel</name>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Close members (Esc)</source>
        <translation>关闭成员列表（Esc）</translation>
    </message>
    <message>
        <source>Close members</source>
        <translation>关闭成员列表</translation>
    </message>
    <message>
        <source>Channel members</source>
        <translation>频道成员</translation>
    </message>
    <message>
        <source>Add people…</source>
        <translation>添加成员…</translation>
    </message>
    <message>
        <source>Remove from channel</source>
        <translation>移出频道</translation>
    </message>
    <message>
        <source>Members of #%1</source>
        <translation>#%1 的成员</translation>
    </message>
    <message>
        <source>Showing the members kept on this computer. %1</source>
        <translation>显示的是本机保存的成员列表。%1</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n 位成员</numerusform>
        </translation>
    </message>
    <message>
        <source>channel manager</source>
        <translation>频道管理员</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source> (you)</source>
        <translation>（你）</translation>
    </message>
    <message>
        <source>Removing @%1…</source>
        <translation>正在移除 @%1…</translation>
    </message>
    <message>
        <source>@%1 was removed.</source>
        <translation>@%1 已被移除。</translation>
    </message>
    <message>
        <source>The relay refused: %1</source>
        <translation>中继拒绝了：%1</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>*This message was deleted.*</source>
        <translation>*此消息已删除。*</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>1 reply</source>
        <translation>1 条回复</translation>
    </message>
    <message numerus="yes">
        <source>%n replies</source>
        <translation>
            <numerusform>%n 条回复</numerusform>
        </translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>refused by the relay</source>
        <translation>被中继拒绝</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Waiting to send…</source>
        <translation>等待发送…</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>(edited)</source>
        <translation>（已编辑）</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>已置顶</translation>
    </message>
</context>
<context>
    <name>MessageLinks</name>
    <message>
        <source>Forwarded to %1</source>
        <translation>已转发到 %1</translation>
    </message>
    <message>
        <source>Link not opened</source>
        <translation>未打开链接</translation>
    </message>
    <message>
        <source>Beacon opens only links of the form beacon://message/&lt;channel&gt;/&lt;message id&gt;.</source>
        <translation>Beacon 只打开 beacon://message/&lt;频道&gt;/&lt;消息 ID&gt; 形式的链接。</translation>
    </message>
    <message>
        <source>Message not found</source>
        <translation>找不到消息</translation>
    </message>
    <message>
        <source>That message is not in this workspace, or it is in a conversation you are not in.</source>
        <translation>这条消息不在此工作区，或位于你未加入的会话中。</translation>
    </message>
</context>
<context>
    <name>MyTasksView</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Nothing assigned to you. Tasks given to you in any channel show here, by due date. Make one on a channel&apos;s Board (New task…) or right-click a message → Create task from message.</source>
        <translation>暂无分配给你的任务。任何频道中分配给你的任务都会按截止日期显示在这里。可在频道的“看板”中新建任务，或右键点击消息 → 从消息创建任务。</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后</translation>
    </message>
    <message>
        <source>No due date</source>
        <translation>无截止日期</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>New message</source>
        <translation>新消息</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Choose a passphrase</source>
        <translation>设置密码短语</translation>
    </message>
    <message>
        <source>Unlock Beacon</source>
        <translation>解锁 Beacon</translation>
    </message>
    <message>
        <source>This computer has no system keychain Beacon can use, so your local cache is encrypted with a passphrase instead. You will be asked for it each time Beacon starts.

If you forget it, the cache must be reset: messages are downloaded again from the relay, but messages you wrote offline and have not sent yet are lost.</source>
        <translation>这台电脑上没有 Beacon 可以使用的系统钥匙串，因此你的本地缓存改用密码短语加密。每次启动 Beacon 时都需要输入它。

如果忘记了密码短语，就必须重置缓存：消息会从中继重新下载，但你离线时写下、尚未发送的消息将会丢失。</translation>
    </message>
    <message>
        <source>Enter the passphrase that protects Beacon&apos;s cache on this computer.</source>
        <translation>请输入保护这台电脑上 Beacon 缓存的密码短语。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>密码短语</translation>
    </message>
    <message>
        <source>Repeat passphrase</source>
        <translation>再次输入密码短语</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <source>The passphrase cannot be empty.</source>
        <translation>密码短语不能为空。</translation>
    </message>
    <message>
        <source>Use at least 8 characters.</source>
        <translation>请至少使用 8 个字符。</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的密码短语不一致。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <source>Leave empty if you have none yet</source>
        <translation>还没有密码就留空</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码错误。</translation>
    </message>
    <message>
        <source>Too many failed attempts. Try again later.</source>
        <translation>失败次数过多，请稍后再试。</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>A password needs at least %1 characters and must not be your user name.</source>
        <translation>密码至少需要 %1 个字符，且不能与用户名相同。</translation>
    </message>
    <message>
        <source>Password set. Use it to sign in on your other devices.</source>
        <translation>密码已设置，可用它在其他设备上登录。</translation>
    </message>
</context>
<context>
    <name>PendingDm</name>
    <message>
        <source>Starting the conversation… it opens here as soon as the relay has it.</source>
        <translation>正在开始会话……中继服务器一建好就会在这里打开。</translation>
    </message>
    <message>
        <source>This is the beginning of your conversation with %1.</source>
        <translation>这是你和 %1 的会话的开始。</translation>
    </message>
    <message>
        <source>Beacon is asking the relay to start it (offline: when you are back online). Write now: your text is kept and can be sent the moment it opens.</source>
        <translation>Beacon 正在请求中继服务器创建会话（离线时，会在恢复联网后请求）。现在就可以写：内容会保留，会话一打开就能发送。</translation>
    </message>
    <message>
        <source>Message %1</source>
        <translation>发消息给 %1</translation>
    </message>
    <message>
        <source>Not sent yet: the conversation has not started. Your text is kept.</source>
        <translation>尚未发送：会话还没有开始。你写的内容已保留。</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>Find people by name or title</source>
        <translation>按姓名或职位查找</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职位</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source> (you)</source>
        <translation>（你）</translation>
    </message>
    <message>
        <source>Role of %1</source>
        <translation>%1 的角色</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) in the workspace.</source>
        <translation>
            <numerusform>工作区共有 %n 人。</numerusform>
        </translation>
    </message>
    <message>
        <source>Only owners and admins can change roles.</source>
        <translation>只有所有者和管理员可以更改角色。</translation>
    </message>
    <message>
        <source>Changing the role of @%1…</source>
        <translation>正在更改 @%1 的角色…</translation>
    </message>
    <message>
        <source>Deactivate %1? They are signed out everywhere and cannot sign in until reactivated. Their messages stay.</source>
        <translation>停用 %1？对方会在所有设备上退出登录，重新启用前无法登录。其消息会保留。</translation>
    </message>
    <message>
        <source>Saved for @%1.</source>
        <translation>已为 @%1 保存。</translation>
    </message>
    <message>
        <source>The relay refused: %1</source>
        <translation>中继拒绝了：%1</translation>
    </message>
</context>
<context>
    <name>PeoplePicker</name>
    <message>
        <source>Find people by name</source>
        <translation>按姓名查找</translation>
    </message>
    <message>
        <source>Find people</source>
        <translation>查找成员</translation>
    </message>
    <message>
        <source>People</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Nobody matches.</source>
        <translation>没有匹配的人。</translation>
    </message>
</context>
<context>
    <name>PinsPage</name>
    <message>
        <source>Nothing is pinned here yet. Pin a message from its menu (Pin) to keep it at hand for everyone in the channel.</source>
        <translation>这里还没有置顶消息。在消息菜单中选择“置顶”，频道里的每个人都能随时找到它。</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Change passphrase</source>
        <translation>更改密码短语</translation>
    </message>
    <message>
        <source>Current passphrase:</source>
        <translation>当前密码短语：</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>新密码短语：</translation>
    </message>
    <message>
        <source>New passphrase again:</source>
        <translation>再次输入新密码短语：</translation>
    </message>
    <message>
        <source>The two new passphrases differ; nothing was changed.</source>
        <translation>两次输入的新密码短语不一致，未做任何更改。</translation>
    </message>
    <message>
        <source>The cache is now encrypted under the new passphrase. Beacon asks for it from the next start.</source>
        <translation>缓存已改用新密码短语加密。下次启动时 Beacon 会要求输入它。</translation>
    </message>
    <message>
        <source>This computer&apos;s copy of your workspace is encrypted with your passphrase. Nobody can read it without the passphrase — keep it safe: it cannot be recovered.</source>
        <translation>本机上的工作区副本已用你的密码短语加密。没有它谁也无法读取——请妥善保管，遗失后无法找回。</translation>
    </message>
    <message>
        <source>This computer&apos;s copy of your workspace is encrypted; its key is kept in the system keychain, so it opens only for you on this computer.</source>
        <translation>本机上的工作区副本已加密，密钥保存在系统钥匙串中，只有你在这台电脑上才能打开。</translation>
    </message>
    <message>
        <source>Close a panel, or the Tasks or Files window</source>
        <translation>关闭面板，或关闭任务、文件窗口</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>偏好设置…</translation>
    </message>
    <message>
        <source>About Beacon</source>
        <translation>关于 Beacon</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>通用</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Files and privacy</source>
        <translation>文件与隐私</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes when Beacon starts next time.</source>
        <translation>语言将在下次启动 Beacon 时切换。</translation>
    </message>
    <message>
        <source>Start Beacon when I log in</source>
        <translation>登录时启动 Beacon</translation>
    </message>
    <message>
        <source>Keep running in the tray when the window is closed</source>
        <translation>关闭窗口后在托盘中继续运行</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>文字大小</translation>
    </message>
    <message>
        <source>Cozy</source>
        <translation>宽松</translation>
    </message>
    <message>
        <source>Compact</source>
        <translation>紧凑</translation>
    </message>
    <message>
        <source>Message density</source>
        <translation>消息密度</translation>
    </message>
    <message>
        <source>%1% of the system&apos;s text size</source>
        <translation>系统文字大小的 %1%</translation>
    </message>
    <message>
        <source>Show the message text in notifications</source>
        <translation>在通知中显示消息内容</translation>
    </message>
    <message>
        <source>Off: a notification says only who wrote and where, so nobody reads your messages over your shoulder or on a locked screen.</source>
        <translation>关闭后，通知只显示谁在哪里发了消息，旁人和锁屏上都看不到消息内容。</translation>
    </message>
    <message>
        <source>Play a sound</source>
        <translation>播放提示音</translation>
    </message>
    <message>
        <source>Do-not-disturb schedule…</source>
        <translation>勿扰时间表…</translation>
    </message>
    <message>
        <source>Offline file cache size…</source>
        <translation>离线文件缓存大小…</translation>
    </message>
    <message>
        <source>Signed-in devices…</source>
        <translation>已登录的设备…</translation>
    </message>
    <message>
        <source>Change passphrase…</source>
        <translation>更改密码短语…</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>ProfileCard</name>
    <message>
        <source>Profile of %1</source>
        <translation>%1 的个人资料</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职位</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Local time</source>
        <translation>当地时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <source>Shared channels</source>
        <translation>共同频道</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>发消息</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>This account is deactivated.</source>
        <translation>该账号已停用。</translation>
    </message>
    <message>
        <source>Title and time zone need the relay. %1</source>
        <translation>职位和时区需要连接中继。%1</translation>
    </message>
    <message>
        <source>The relay does not list this person.</source>
        <translation>中继的名录中没有此人。</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
</context>
<context>
    <name>QuickSwitcher</name>
    <message>
        <source>Jump to…</source>
        <translation>跳转到…</translation>
    </message>
    <message>
        <source>Channel or person (pinyin works: li, lw)</source>
        <translation>频道或联系人（可用拼音：li、lw）</translation>
    </message>
    <message>
        <source>Channel or person</source>
        <translation>频道或联系人</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>匹配项</translation>
    </message>
    <message>
        <source>Nothing matches. Try a channel name, a person&apos;s name or its pinyin.</source>
        <translation>没有匹配项。试试频道名、人名或其拼音。</translation>
    </message>
    <message numerus="yes">
        <source>@%n</source>
        <translation>
            <numerusform>@%n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new</source>
        <translation>
            <numerusform>%n 条新消息</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResourceBoard</name>
    <message>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>%1 / %2 h</source>
        <translation>%1 / %2 小时</translation>
    </message>
    <message>
        <source>%1: %2 h</source>
        <translation>%1：%2 小时</translation>
    </message>
    <message>
        <source>Tasks: %1 h</source>
        <translation>任务：%1 小时</translation>
    </message>
    <message>
        <source>Nothing planned</source>
        <translation>没有安排</translation>
    </message>
</context>
<context>
    <name>ResourceBoardWindow</name>
    <message>
        <source>Resource board</source>
        <translation>资源看板</translation>
    </message>
    <message>
        <source>Weeks:</source>
        <translation>周数：</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按天</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>团队：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Skill:</source>
        <translation>技能：</translation>
    </message>
    <message>
        <source>Project:</source>
        <translation>项目：</translation>
    </message>
    <message>
        <source>Green: under 80 %  ·  Amber: 80–100 %  ·  Red: over capacity  ·  ⚠ a conflict that week  ·  Drag a cell to another person or week to re-plan</source>
        <translation>绿色：低于 80%  ·  琥珀色：80–100%  ·  红色：超出产能  ·  ⚠ 该周有冲突  ·  把单元格拖到另一人或另一周即可重新安排</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message numerus="yes">
        <source>Conflicts (%n)</source>
        <translation>
            <numerusform>冲突（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>No conflicts</source>
        <translation>没有冲突</translation>
    </message>
</context>
<context>
    <name>ResourceConflicts</name>
    <message>
        <source>%1 – %2 (%3 days)</source>
        <translation>%1 – %2（%3 天）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>tasks outside any project</source>
        <translation>不属于任何项目的任务</translation>
    </message>
    <message>
        <source>%1 is over capacity: %2 h planned, %3 h available (%4 – %5); over on %6 (%7)</source>
        <translation>%1 超出产能：安排 %2 小时，可用 %3 小时（%4 – %5）；超出的日期：%6（%7）</translation>
    </message>
    <message>
        <source>%1 is double-booked by %2 on %3</source>
        <translation>%1 在 %3 被 %2 重复占用</translation>
    </message>
    <message>
        <source>%1 is on leave on %2 but has work planned (%3)</source>
        <translation>%1 在 %2 休假，但仍有工作安排（%3）</translation>
    </message>
    <message>
        <source>“%1” cannot fit: %2 h each from %3 to %4, more than the working time of %5</source>
        <translation>“%1”无法完成：%3 至 %4 每人需 %2 小时，超过了 %5 的工作时间</translation>
    </message>
</context>
<context>
    <name>ResourcesUi</name>
    <message>
        <source>Resource conflicts changed in %n project(s)</source>
        <translation>%n 个项目的资源冲突有变化</translation>
    </message>
    <message>
        <source>&amp;Resources</source>
        <translation>资源(&amp;R)</translation>
    </message>
    <message>
        <source>Resource board</source>
        <translation>资源看板</translation>
    </message>
</context>
<context>
    <name>SaveDialog</name>
    <message>
        <source>Save to library</source>
        <translation>保存到知识库</translation>
    </message>
    <message>
        <source>Edit library entry</source>
        <translation>编辑知识库条目</translation>
    </message>
    <message>
        <source>tags, separated by spaces</source>
        <translation>标签，用空格分隔</translation>
    </message>
    <message>
        <source>Solution</source>
        <translation>解决方案</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案例</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <source>How-to</source>
        <translation>操作指南</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Suggested: %1</source>
        <translation>建议：%1</translation>
    </message>
</context>
<context>
    <name>ScheduledDialog</name>
    <message>
        <source>Scheduled messages</source>
        <translation>定时消息</translation>
    </message>
    <message>
        <source>No scheduled messages.</source>
        <translation>没有定时消息。</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Reschedule…</source>
        <translation>重新安排…</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>立即发送</translation>
    </message>
    <message>
        <source>Cancel message</source>
        <translation>取消消息</translation>
    </message>
    <message>
        <source>Times are in %1</source>
        <translation>时间按 %1 计</translation>
    </message>
    <message>
        <source>when their DND ends</source>
        <translation>对方勿扰结束时</translation>
    </message>
    <message>
        <source>waiting to go online</source>
        <translation>等待联网</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Edit scheduled message</source>
        <translation>编辑定时消息</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>重新安排</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Search messages (works offline)</source>
        <translation>搜索消息（可离线使用）</translation>
    </message>
    <message>
        <source>Search query</source>
        <translation>搜索内容</translation>
    </message>
    <message>
        <source>Filters: from:li  in:general  has:file  has:link  has:pin  before:2026-12-01  after:12-01</source>
        <translation>筛选：from:li（或 来自:李伟）  in:general（或 在:频道）  has:file（有:文件）  has:link  has:pin  before:2026-12-01（之前:）  after:12-01（之后:）</translation>
    </message>
    <message>
        <source>This channel only</source>
        <translation>仅限此频道</translation>
    </message>
    <message>
        <source>Close search</source>
        <translation>关闭搜索</translation>
    </message>
    <message>
        <source>Type words to search every cached message, even offline. Narrow it with from:, in:, has:file, before: or after:.</source>
        <translation>输入关键词即可搜索所有缓存消息，离线也可以。可用 from:、in:、has:file、before:、after: 缩小范围。</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>MMM d</source>
        <translation>M月d日</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n result(s)</source>
        <translation>
            <numerusform>%1 · %n 条结果</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n 条结果</numerusform>
        </translation>
    </message>
    <message>
        <source>No matches in the cache. Check the spelling, or remove a filter.</source>
        <translation>缓存中没有匹配的消息。请检查拼写，或去掉一个筛选条件。</translation>
    </message>
    <message>
        <source>Not understood: %1</source>
        <translation>无法识别：%1</translation>
    </message>
    <message numerus="yes">
        <source>Still indexing %n message(s): newer matches may be missing.</source>
        <translation>
            <numerusform>仍在为 %n 条消息建立索引：较新的匹配可能暂时找不到。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendLaterButton</name>
    <message>
        <source>Send later</source>
        <translation>稍后发送</translation>
    </message>
    <message>
        <source>Schedule this message (times in %1)</source>
        <translation>定时发送此消息（时间按 %1 计）</translation>
    </message>
    <message>
        <source>In 1 hour</source>
        <translation>1 小时后</translation>
    </message>
    <message>
        <source>Tomorrow 09:00</source>
        <translation>明天 09:00</translation>
    </message>
    <message>
        <source>Monday 09:00</source>
        <translation>周一 09:00</translation>
    </message>
    <message>
        <source>Pick date and time…</source>
        <translation>选择日期和时间…</translation>
    </message>
    <message>
        <source>Send now as urgent</source>
        <translation>作为紧急消息立即发送</translation>
    </message>
</context>
<context>
    <name>SidebarFooter</name>
    <message>
        <source>+ Add channels</source>
        <translation>+ 添加频道</translation>
    </message>
    <message>
        <source>Create a channel or browse the public ones</source>
        <translation>创建频道或浏览公开频道</translation>
    </message>
    <message>
        <source>Add channels</source>
        <translation>添加频道</translation>
    </message>
    <message>
        <source>Create channel…</source>
        <translation>创建频道…</translation>
    </message>
    <message>
        <source>Browse channels…</source>
        <translation>浏览频道…</translation>
    </message>
    <message>
        <source>Channels waiting to be created</source>
        <translation>等待创建的频道</translation>
    </message>
    <message>
        <source># %1 — waiting to be created</source>
        <translation># %1 — 等待创建</translation>
    </message>
</context>
<context>
    <name>SidebarTop</name>
    <message>
        <source>Unreads</source>
        <translation>未读</translation>
    </message>
    <message>
        <source>Show only conversations with unread messages (Ctrl+Shift+A)</source>
        <translation>只显示有未读消息的会话（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <source>Unread only</source>
        <translation>仅未读</translation>
    </message>
    <message>
        <source>Do not disturb is on</source>
        <translation>勿扰已开启</translation>
    </message>
    <message>
        <source>Do not disturb until %1</source>
        <translation>勿扰至 %1</translation>
    </message>
    <message>
        <source>%1 (until %2)</source>
        <translation>%1（至 %2）</translation>
    </message>
</context>
<context>
    <name>Stars</name>
    <message>
        <source>Unstar</source>
        <translation>取消星标</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>加星标</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Beacon cannot open its cache</source>
        <translation>Beacon 无法打开缓存</translation>
    </message>
    <message>
        <source>Already signed in</source>
        <translation>已登录</translation>
    </message>
    <message>
        <source>This Beacon profile is already signed in as %1. To join another workspace, start Beacon with another profile (--profile).</source>
        <translation>这个 Beacon 配置已以 %1 登录。要加入其他工作区，请用另一个配置（--profile）启动 Beacon。</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Set a status</source>
        <translation>设置状态</translation>
    </message>
    <message>
        <source>What&apos;s your status?</source>
        <translation>你的状态是？</translation>
    </message>
    <message>
        <source>Don&apos;t clear</source>
        <translation>不清除</translation>
    </message>
    <message>
        <source>30 minutes</source>
        <translation>30 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>4 hours</source>
        <translation>4 小时</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Emoji</source>
        <translation>表情</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Clear after</source>
        <translation>清除时间</translation>
    </message>
</context>
<context>
    <name>StatusMenu</name>
    <message>
        <source>&amp;Status</source>
        <translation>状态(&amp;S)</translation>
    </message>
    <message>
        <source>%1 (until %2)</source>
        <translation>%1（至 %2）</translation>
    </message>
    <message>
        <source>Clear status</source>
        <translation>清除状态</translation>
    </message>
    <message>
        <source>Set a custom status…</source>
        <translation>设置自定义状态…</translation>
    </message>
    <message>
        <source>Scheduled messages…</source>
        <translation>定时消息…</translation>
    </message>
</context>
<context>
    <name>TaskColumns</name>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
</context>
<context>
    <name>TaskController</name>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>assignees</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>due date</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>estimate</source>
        <translation>预估工时</translation>
    </message>
    <message>
        <source>priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 has %2 h of work in the week of %3 (capacity %4 h)</source>
        <translation>%1 在 %3 这一周有 %2 小时的工作（容量 %4 小时）</translation>
    </message>
    <message>
        <source>%1 is away for all of “%2” (%3 – %4)</source>
        <translation>%1 在“%2”整个期间都不在（%3 – %4）</translation>
    </message>
    <message>
        <source>Scheduling conflict: %1</source>
        <translation>排期冲突：%1</translation>
    </message>
    <message>
        <source>Your change to “%1” was replaced</source>
        <translation>你对“%1”的修改被覆盖了</translation>
    </message>
    <message>
        <source>%1 changed the %2 to %3 at the same time as you set %4. Your value is kept in the task&apos;s history.</source>
        <translation>%1 在你设置为 %4 的同时把%2改为了 %3。你的值保留在任务历史中。</translation>
    </message>
    <message>
        <source>“%1” cannot fit: %2 h each from %3 to %4, more than the working time of %5</source>
        <translation>“%1”无法完成：%3 至 %4 每人需 %2 小时，超过了 %5 的工作时间</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>Task %1</source>
        <translation>任务 %1</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignees</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>no estimate</source>
        <translation>无预估</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>预估工时</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>comma-separated</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>From message: %1</source>
        <translation>来自消息：%1</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Comments and history</source>
        <translation>评论和历史</translation>
    </message>
    <message>
        <source>%1 created the task</source>
        <translation>%1 创建了任务</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 set the %2 to %3</source>
        <translation>%1 把%2设为 %3</translation>
    </message>
    <message>
        <source>(at the same time as %1, whose %2 was replaced)</source>
        <translation>（与 %1 同时修改，其%2被覆盖）</translation>
    </message>
    <message>
        <source>Write a comment</source>
        <translation>写评论</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>%1: %2 (pending)</source>
        <translation>%1：%2（待发送）</translation>
    </message>
</context>
<context>
    <name>TasksUi</name>
    <message>
        <source>&amp;Tasks</source>
        <translation>任务(&amp;T)</translation>
    </message>
    <message>
        <source>Board of this channel</source>
        <translation>本频道的看板</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>我的任务</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>New task…</source>
        <translation>新建任务…</translation>
    </message>
    <message>
        <source>My weekly capacity…</source>
        <translation>我的每周容量…</translation>
    </message>
    <message>
        <source>Weekly capacity</source>
        <translation>每周容量</translation>
    </message>
    <message>
        <source>Hours I can work on tasks in a week:</source>
        <translation>我每周可用于任务的小时数：</translation>
    </message>
    <message>
        <source>Create task from message</source>
        <translation>从消息创建任务</translation>
    </message>
    <message>
        <source>Open task %1: %2</source>
        <translation>打开任务 %1：%2</translation>
    </message>
</context>
<context>
    <name>TasksWindow</name>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>频道：</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>看板</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>我的任务</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
</context>
<context>
    <name>TeamCommand</name>
    <message>
        <source>create #%1</source>
        <translation>创建 #%1</translation>
    </message>
    <message>
        <source>join #%1</source>
        <translation>加入 #%1</translation>
    </message>
    <message>
        <source>leave #%1</source>
        <translation>退出 #%1</translation>
    </message>
    <message>
        <source>add @%1 to #%2</source>
        <translation>将 @%1 添加到 #%2</translation>
    </message>
    <message>
        <source>remove @%1 from #%2</source>
        <translation>将 @%1 移出 #%2</translation>
    </message>
    <message>
        <source>rename #%1 to #%2</source>
        <translation>将 #%1 重命名为 #%2</translation>
    </message>
    <message>
        <source>set the topic of #%1</source>
        <translation>设置 #%1 的主题</translation>
    </message>
    <message>
        <source>archive #%1</source>
        <translation>归档 #%1</translation>
    </message>
    <message>
        <source>unarchive #%1</source>
        <translation>取消归档 #%1</translation>
    </message>
    <message>
        <source>change the role of @%1</source>
        <translation>更改 @%1 的角色</translation>
    </message>
    <message>
        <source>change your profile</source>
        <translation>修改你的个人资料</translation>
    </message>
    <message>
        <source>deactivate @%1</source>
        <translation>停用 @%1</translation>
    </message>
    <message>
        <source>reactivate @%1</source>
        <translation>重新启用 @%1</translation>
    </message>
    <message>
        <source>message @%1</source>
        <translation>给 @%1 发消息</translation>
    </message>
</context>
<context>
    <name>TeamRelay</name>
    <message>
        <source>Beacon is closing.</source>
        <translation>Beacon 正在关闭。</translation>
    </message>
    <message>
        <source>This needs the relay, which cannot be reached: %1</source>
        <translation>此操作需要中继，但无法连接：%1</translation>
    </message>
    <message>
        <source>The relay refused: %1</source>
        <translation>中继拒绝了：%1</translation>
    </message>
</context>
<context>
    <name>TeamText</name>
    <message>
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>访客</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>勿扰</translation>
    </message>
</context>
<context>
    <name>TeamUi</name>
    <message>
        <source>&amp;Workspace</source>
        <translation>工作区(&amp;W)</translation>
    </message>
    <message>
        <source>Create channel…</source>
        <translation>创建频道…</translation>
    </message>
    <message>
        <source>Browse channels…</source>
        <translation>浏览频道…</translation>
    </message>
    <message>
        <source>Members of this channel</source>
        <translation>本频道成员</translation>
    </message>
    <message>
        <source>Add people to this channel…</source>
        <translation>添加成员到本频道…</translation>
    </message>
    <message>
        <source>Your profile…</source>
        <translation>你的个人资料…</translation>
    </message>
    <message>
        <source>Workspace settings…</source>
        <translation>工作区设置…</translation>
    </message>
    <message>
        <source>Beacon could not %1: %2</source>
        <translation>Beacon 无法%1：%2</translation>
    </message>
    <message>
        <source>Refused by the relay</source>
        <translation>被中继拒绝</translation>
    </message>
    <message>
        <source>Offline: #%1 will be created when Beacon reconnects.</source>
        <translation>离线：Beacon 重新连接后将创建 #%1。</translation>
    </message>
    <message>
        <source>View profile</source>
        <translation>查看个人资料</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Add people…</source>
        <translation>添加成员…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Rename channel</source>
        <translation>重命名频道</translation>
    </message>
    <message>
        <source>New name for #%1</source>
        <translation>#%1 的新名称</translation>
    </message>
    <message>
        <source>Set topic…</source>
        <translation>设置主题…</translation>
    </message>
    <message>
        <source>Channel topic</source>
        <translation>频道主题</translation>
    </message>
    <message>
        <source>Topic of #%1 (empty clears it)</source>
        <translation>#%1 的主题（留空即清除）</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>Archive #%1? Nobody can post in it until it is unarchived.</source>
        <translation>归档 #%1？取消归档前任何人都不能在其中发言。</translation>
    </message>
    <message>
        <source>Unarchive</source>
        <translation>取消归档</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Leave #%1?</source>
        <translation>退出 #%1？</translation>
    </message>
    <message>
        <source>View profile of %1</source>
        <translation>查看 %1 的个人资料</translation>
    </message>
    <message>
        <source>The conversation opens as soon as the relay confirms it.</source>
        <translation>中继确认后即可打开此会话。</translation>
    </message>
</context>
<context>
    <name>ThreadPanel</name>
    <message>
        <source>Thread</source>
        <translation>话题</translation>
    </message>
    <message>
        <source>Close thread (Esc)</source>
        <translation>关闭话题（Esc）</translation>
    </message>
    <message>
        <source>Close thread</source>
        <translation>关闭话题</translation>
    </message>
    <message>
        <source>Reply in thread…</source>
        <translation>在话题中回复…</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Edited %1</source>
        <translation>编辑于 %1</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>d MMM</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>No scheduled tasks: give tasks a start or due date and an assignee.</source>
        <translation>没有已排期的任务：请为任务设置开始或截止日期以及负责人。</translation>
    </message>
    <message>
        <source>%1/%2 h</source>
        <translation>%1/%2 小时</translation>
    </message>
</context>
<context>
    <name>TransfersStrip</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Sending %1</source>
        <translation>正在发送 %1</translation>
    </message>
    <message>
        <source>Downloading %1</source>
        <translation>正在下载 %1</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>%1 s left</source>
        <translation>剩余 %1 秒</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Open Beacon</source>
        <translation>打开 Beacon</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>勿扰模式</translation>
    </message>
    <message>
        <source>Quit Beacon</source>
        <translation>退出 Beacon</translation>
    </message>
    <message>
        <source>Until tomorrow 09:00</source>
        <translation>直到明天 09:00</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>关闭勿扰</translation>
    </message>
    <message numerus="yes">
        <source>For %n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>For %n hour(s)</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Beacon — %n unread message(s)</source>
        <translation>
            <numerusform>Beacon — %n 条未读消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Beacon</source>
        <translation>Beacon</translation>
    </message>
</context>
<context>
    <name>Unlock</name>
    <message>
        <source>That passphrase does not unlock the cache. Nothing was changed; try again.</source>
        <translation>该密码短语无法解锁缓存。没有做任何更改，请重试。</translation>
    </message>
</context>
<context>
    <name>UnreadDivider</name>
    <message>
        <source>New messages</source>
        <translation>新消息</translation>
    </message>
</context>
<context>
    <name>UnreadFilter</name>
    <message>
        <source>All caught up — no unread messages.</source>
        <translation>全部看完了——没有未读消息。</translation>
    </message>
    <message>
        <source>Show only unread conversations</source>
        <translation>只显示未读会话</translation>
    </message>
</context>
<context>
    <name>WhenDialog</name>
    <message>
        <source>Time zone: %1</source>
        <translation>时区：%1</translation>
    </message>
</context>
<context>
    <name>WorkingHoursDialog</name>
    <message>
        <source>Working hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <source>Pause notifications outside working hours</source>
        <translation>工作时间以外暂停通知</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
</context>
<context>
    <name>WorkspaceSettingsDialog</name>
    <message>
        <source>Workspace settings</source>
        <translation>工作区设置</translation>
    </message>
    <message>
        <source>People</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Invitations</source>
        <translation>邀请</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
</context>
<context>
    <name>YourProfileDialog</name>
    <message>
        <source>Your profile</source>
        <translation>你的个人资料</translation>
    </message>
    <message>
        <source>what you know about, separated by commas: NPU 算力评估, 双活数据库</source>
        <translation>你擅长的领域，用逗号分隔：NPU 算力评估, 双活数据库</translation>
    </message>
    <message>
        <source>Shown with your name when someone asks “Who knows…” about it</source>
        <translation>有人通过“谁了解…”询问相关问题时，会显示你的名字</translation>
    </message>
    <message>
        <source>e.g. 架构师 / Solution architect</source>
        <translation>例如：架构师</translation>
    </message>
    <message>
        <source>e.g. Asia/Shanghai (empty: not set)</source>
        <translation>例如 Asia/Shanghai（留空表示不设置）</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>职位</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <source>Your local time</source>
        <translation>你的当地时间</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Everyone in your workspace sees your display name, title and local time.</source>
        <translation>工作区里的每个人都能看到你的显示名称、职位和当地时间。</translation>
    </message>
    <message>
        <source>Unknown time zone: use a name like Asia/Shanghai or Europe/Berlin.</source>
        <translation>未知时区：请使用 Asia/Shanghai 或 Europe/Berlin 这样的名称。</translation>
    </message>
    <message>
        <source>Saved. Everyone sees the change once the relay has it.</source>
        <translation>已保存。中继服务器收到后，所有人都会看到更改。</translation>
    </message>
    <message>
        <source>Set password…</source>
        <translation>设置密码…</translation>
    </message>
</context>
<context>
    <name>_RelayDialog</name>
    <message>
        <source>Beacon cannot reach the relay: %1</source>
        <translation>Beacon 无法连接中继：%1</translation>
    </message>
</context>
</TS>
