<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
    <message>
        <source>Do not disturb is not available in this version yet.</source>
        <translation>此版本尚不支持勿扰模式。</translation>
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
        <source>Channel or person</source>
        <translation>频道或联系人</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>匹配项</translation>
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
        <source>This channel only</source>
        <translation>仅限此频道</translation>
    </message>
    <message>
        <source>Close search</source>
        <translation>关闭搜索</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n 条结果</numerusform>
        </translation>
    </message>
    <message>
        <source>No matches in the cache</source>
        <translation>缓存中没有匹配的内容</translation>
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
</TS>
