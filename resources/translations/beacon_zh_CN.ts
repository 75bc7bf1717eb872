<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
    <name>BeaconApp</name>
    <message>
        <source>&amp;Beacon</source>
        <translation>&amp;Beacon</translation>
    </message>
    <message>
        <source>Keep running in the tray when the window is closed</source>
        <translation>关闭窗口后在托盘中继续运行</translation>
    </message>
    <message>
        <source>Start Beacon when I log in</source>
        <translation>登录时启动 Beacon</translation>
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
    <name>ChannelListModel</name>
    <message>
        <source>Channels</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Direct messages</source>
        <translation>私信</translation>
    </message>
    <message>
        <source>%1, %2 unread</source>
        <translation>%1，%2 条未读</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Editing message — Enter to save, Esc to cancel</source>
        <translation>正在编辑消息 — 按 Enter 保存，按 Esc 取消</translation>
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
        <source>All channels</source>
        <translation>所有频道</translation>
    </message>
    <message>
        <source>Save file</source>
        <translation>保存文件</translation>
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
        <source>Sign in with the relay address and the token your administrator gave you.
Everything you can see is kept encrypted on this computer, so Beacon works offline too.</source>
        <translation>请使用管理员提供的中继地址和令牌登录。
你能看到的所有内容都加密保存在这台电脑上，因此 Beacon 离线时也能使用。</translation>
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
        <source>The conversation opens as soon as the relay confirms it.</source>
        <translation>中继确认后即可打开此会话。</translation>
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
        <source>Attach…</source>
        <translation>附件…</translation>
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
        <source>no project</source>
        <translation>无项目</translation>
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
        <source>MMM d, HH:mm</source>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <source>MMM d, yyyy</source>
        <translation>yyyy年M月d日</translation>
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
    <name>Startup</name>
    <message>
        <source>Beacon cannot open its cache</source>
        <translation>Beacon 无法打开缓存</translation>
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
        <source>“%1” cannot fit: %2 h each from %3 to %4, more than the working time of %5</source>
        <translation>“%1”无法完成：%3 至 %4 每人需 %2 小时，超过了 %5 的工作时间</translation>
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
    <name>TimelineView</name>
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
</TS>
