<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>envdesk::ui::ChangeDialog</name>
    <message>
        <source>Waiting for another program to finish changing this environment</source>
        <translation>正在等待另一个程序完成对此环境的更改</translation>
    </message>
    <message>
        <source>Another program changed this environment while this change waited, so nothing was done. Close this window and make the change again to see what it would do now.</source>
        <translation>在此更改等待期间，另一个程序更改了此环境，因此未做任何操作。请关闭此窗口并重新进行更改，查看它现在会做什么。</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Extracting</source>
        <translation>正在解压</translation>
    </message>
    <message>
        <source>Removing</source>
        <translation>正在移除</translation>
    </message>
    <message>
        <source>Installing</source>
        <translation>正在安装</translation>
    </message>
    <message>
        <source>Finishing</source>
        <translation>正在完成</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>软件包</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>After</source>
        <translation>变更后</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Working out what will change…</source>
        <translation>正在计算将要进行的变更…</translation>
    </message>
    <message>
        <source>The change could not be worked out: %1</source>
        <translation>无法计算变更：%1</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>安装</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Downgrade</source>
        <translation>降级</translation>
    </message>
    <message>
        <source>Change build or channel</source>
        <translation>更换构建或频道</translation>
    </message>
    <message>
        <source>Reinstall</source>
        <translation>重新安装</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <source>Nothing to download</source>
        <translation>无需下载</translation>
    </message>
    <message>
        <source>%1 to download</source>
        <translation>需下载 %1</translation>
    </message>
    <message>
        <source>about %1 more on disk</source>
        <translation>磁盘占用约增加 %1</translation>
    </message>
    <message>
        <source>about %1 freed on disk</source>
        <translation>磁盘占用约减少 %1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>Nothing to change: everything asked for is already there.</source>
        <translation>无需变更：所请求的内容均已存在。</translation>
    </message>
    <message>
        <source>1 package will change. Nothing happens until you press Apply.</source>
        <translation>将变更 1 个软件包。按下“应用”之前不会进行任何更改。</translation>
    </message>
    <message>
        <source>%1 packages will change. Nothing happens until you press Apply.</source>
        <translation>将变更 %1 个软件包。按下“应用”之前不会进行任何更改。</translation>
    </message>
    <message>
        <source>These packages cannot be installed together. The tree shows why; your own requests are in bold.</source>
        <translation>这些软件包无法同时安装。下方的树状列表显示了原因，你自己的请求以粗体显示。</translation>
    </message>
    <message>
        <source>Changing %1</source>
        <translation>正在变更 %1</translation>
    </message>
    <message>
        <source>Applying the change…</source>
        <translation>正在应用变更…</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Stopped. The environment is as it was before.</source>
        <translation>已停止。环境保持原样。</translation>
    </message>
    <message>
        <source>The change failed: %1</source>
        <translation>变更失败：%1</translation>
    </message>
    <message>
        <source>%1 %2 of %3</source>
        <translation>%1 %2 / %3</translation>
    </message>
    <message>
        <source>%1 %2/%3</source>
        <translation>%1 %2/%3</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Stopping… the environment will be left as it was.</source>
        <translation>正在停止…环境将保持原样。</translation>
    </message>
    <message>
        <source>Remove packages from %1</source>
        <translation>从 %1 中移除软件包</translation>
    </message>
    <message>
        <source>Update packages in %1</source>
        <translation>更新 %1 中的软件包</translation>
    </message>
    <message>
        <source>Install packages into %1</source>
        <translation>将软件包安装到 %1</translation>
    </message>
    <message>
        <source>Roll %1 back to revision %2</source>
        <translation>将 %1 回滚到修订版本 %2</translation>
    </message>
    <message>
        <source>Create %1</source>
        <translation>创建 %1</translation>
    </message>
    <message>
        <source>No package changes; Apply carries out the rest.</source>
        <translation>没有软件包变更；点击“应用”执行其余步骤。</translation>
    </message>
    <message>
        <source>The packages were changed, but the last step failed: %1</source>
        <translation>软件包已变更，但最后一步失败：%1</translation>
    </message>
    <message>
        <source>Done: the change to %1 is complete.</source>
        <translation>完成：对 %1 的变更已全部完成。</translation>
    </message>
    <message>
        <source>Clone %1 to %2</source>
        <translation>将 %1 克隆到 %2</translation>
    </message>
    <message>
        <source>Then the files of your own in the environment are copied, pointing at the new place.</source>
        <translation>随后复制环境中你自己的文件，并将其中的路径指向新位置。</translation>
    </message>
    <message>
        <source>Copied %1 files of your own.</source>
        <translation>已复制你自己的 %1 个文件。</translation>
    </message>
    <message>
        <source>Remove the environment %1</source>
        <translation>删除环境 %1</translation>
    </message>
    <message>
        <source>Then the folder %1, with any files of your own in it, is deleted.</source>
        <translation>随后删除文件夹 %1，其中你自己的文件也会一并删除。</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <source>Rename %1 (%2 of %3: copy to %4)</source>
        <translation>重命名 %1（第 %2 步，共 %3 步：复制到 %4）</translation>
    </message>
    <message>
        <source>Rename %1 (%2 of %3: remove the original)</source>
        <translation>重命名 %1（第 %2 步，共 %3 步：删除原环境）</translation>
    </message>
    <message>
        <source>Create %1 from %2</source>
        <translation>从 %2 创建 %1</translation>
    </message>
    <message>
        <source>Then the file&apos;s environment variables and pip packages, if any.</source>
        <translation>随后设置文件中的环境变量并安装其中的 pip 软件包（如有）。</translation>
    </message>
    <message>
        <source>Update every package of %1</source>
        <translation>更新 %1 的所有软件包</translation>
    </message>
    <message>
        <source>%1 %2…</source>
        <translation>%1 %2…</translation>
    </message>
    <message>
        <source>The channels that %1 names could not be reached, so its packages could not be looked up. Connect to the network or choose a mirror on the Channels page, then try again. (%2)</source>
        <translation>无法连接 %1 所列的频道，因此无法查找其中的软件包。请连接网络或在“频道”页选择镜像，然后重试。（%2）</translation>
    </message>
    <message>
        <source>Package shards: %1 of %2 (%3)</source>
        <translation>软件包分片：%1 / %2（%3）</translation>
    </message>
    <message>
        <source>Channel metadata: %1 of %2 (%3)</source>
        <translation>频道元数据：%1 / %2（%3）</translation>
    </message>
    <message>
        <source>Indexing the channel&apos;s packages: %1 so far (%2)</source>
        <translation>正在为频道的软件包建立索引：已处理 %1 个（%2）</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::ChangeSources</name>
    <message>
        <source>The configured channels could not be reached (%1); the offline demo channel was used instead.</source>
        <translation>无法连接已配置的频道（%1）；改用了离线演示频道。</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::ChannelSettingsPage</name>
    <message>
        <source>&lt; 1 ms</source>
        <translation>&lt; 1 ms</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Mirror preset</source>
        <translation>镜像预设</translation>
    </message>
    <message>
        <source>Fills in default_channels, channel_alias and custom_channels for a well-known mirror. Your channel list and your own custom channels stay.</source>
        <translation>为知名镜像填写 default_channels、channel_alias 和 custom_channels。你的频道列表和你自己添加的自定义频道保持不变。</translation>
    </message>
    <message>
        <source>TUNA (Tsinghua University)</source>
        <translation>TUNA（清华大学）</translation>
    </message>
    <message>
        <source>BFSU (Beijing Foreign Studies University)</source>
        <translation>BFSU（北京外国语大学）</translation>
    </message>
    <message>
        <source>USTC (University of Science and Technology of China)</source>
        <translation>USTC（中国科学技术大学）</translation>
    </message>
    <message>
        <source>SJTU (Shanghai Jiao Tong University)</source>
        <translation>SJTU（上海交通大学）</translation>
    </message>
    <message>
        <source>Aliyun (Alibaba Cloud)</source>
        <translation>阿里云</translation>
    </message>
    <message>
        <source>NJU (Nanjing University)</source>
        <translation>NJU（南京大学）</translation>
    </message>
    <message>
        <source>Official (anaconda.org)</source>
        <translation>官方（anaconda.org）</translation>
    </message>
    <message>
        <source>Custom</source>
        <extracomment>The preset chooser&apos;s entry when the settings match no preset.</extracomment>
        <translation>自定义</translation>
    </message>
    <message>
        <source>&amp;Mirror preset:</source>
        <translation>镜像预设(&amp;M)：</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Channel name or URL, e.g. conda-forge</source>
        <translation>频道名称或 URL，例如 conda-forge</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Add the channel typed on the left to the end of the list</source>
        <translation>将左侧输入的频道添加到列表末尾</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the selected channel</source>
        <translation>移除所选频道</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Search the selected channel earlier</source>
        <translation>上移所选频道，使其更早被搜索</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>Search the selected channel later</source>
        <translation>下移所选频道，使其更晚被搜索</translation>
    </message>
    <message>
        <source>https://conda.anaconda.org (conda&apos;s default)</source>
        <translation>https://conda.anaconda.org（conda 的默认值）</translation>
    </message>
    <message>
        <source>Channel alias</source>
        <translation>频道别名</translation>
    </message>
    <message>
        <source>channel_alias: the server a bare channel name such as bioconda is looked up on.</source>
        <translation>channel_alias：查找 bioconda 这类仅有名称的频道时所用的服务器。</translation>
    </message>
    <message>
        <source>Default channels</source>
        <translation>默认频道</translation>
    </message>
    <message>
        <source>URL, e.g. https://mirror.example.com/anaconda/pkgs/main</source>
        <translation>URL，例如 https://mirror.example.com/anaconda/pkgs/main</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add the URL typed on the left to the default channels</source>
        <translation>将左侧输入的 URL 添加到默认频道</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected default channel</source>
        <translation>移除所选默认频道</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Search the selected default channel earlier</source>
        <translation>上移所选默认频道，使其更早被搜索</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Search the selected default channel later</source>
        <translation>下移所选默认频道，使其更晚被搜索</translation>
    </message>
    <message>
        <source>Custom channels</source>
        <translation>自定义频道</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>Add a row for a channel served from its own server</source>
        <translation>为由独立服务器提供的频道添加一行</translation>
    </message>
    <message>
        <source>Add custom channel</source>
        <translation>添加自定义频道</translation>
    </message>
    <message>
        <source>Remove the selected custom channel</source>
        <translation>移除所选自定义频道</translation>
    </message>
    <message>
        <source>Remove custom channel</source>
        <translation>移除自定义频道</translation>
    </message>
    <message>
        <source>conda fetches the channel from &lt;base URL&gt;/&lt;channel&gt;: give the folder above the channel, e.g. https://mirror.example.com/anaconda/cloud.</source>
        <translation>conda 从 &lt;基础 URL&gt;/&lt;频道&gt; 获取频道：请填写频道的上一级目录，例如 https://mirror.example.com/anaconda/cloud。</translation>
    </message>
    <message>
        <source>What “defaults” means. Empty: conda&apos;s own (repo.anaconda.com).</source>
        <translation>“defaults”所代表的频道。留空则使用 conda 自带的设置（repo.anaconda.com）。</translation>
    </message>
    <message>
        <source>Where channels come from</source>
        <translation>频道来源</translation>
    </message>
    <message>
        <source>Channel &amp;alias:</source>
        <translation>频道别名(&amp;A)：</translation>
    </message>
    <message>
        <source>De&amp;fault channels:</source>
        <translation>默认频道(&amp;F)：</translation>
    </message>
    <message>
        <source>C&amp;ustom channels:</source>
        <translation>自定义频道(&amp;U)：</translation>
    </message>
    <message>
        <source>Channel priority</source>
        <translation>频道优先级</translation>
    </message>
    <message>
        <source>Not set (conda&apos;s default: flexible)</source>
        <translation>未设置（conda 默认：灵活）</translation>
    </message>
    <message>
        <source>Strict</source>
        <translation>严格</translation>
    </message>
    <message>
        <source>Flexible</source>
        <translation>灵活</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>禁用</translation>
    </message>
    <message>
        <source>Strict: a package comes only from the first channel that has it. Flexible: later channels may fill in what the first ones lack. Disabled: the newest version wins, whichever channel it is in.</source>
        <translation>严格：软件包只从第一个包含它的频道获取。灵活：后面的频道可以补充前面频道缺少的软件包。禁用：无论位于哪个频道，都优先选用最新版本。</translation>
    </message>
    <message>
        <source>Show channel URLs</source>
        <translation>显示频道 URL</translation>
    </message>
    <message>
        <source>Not set (conda&apos;s default: no)</source>
        <translation>未设置（conda 默认：否）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Whether conda prints the full URL a package comes from.</source>
        <translation>conda 是否输出软件包来源的完整 URL。</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>行为</translation>
    </message>
    <message>
        <source>Channel &amp;priority:</source>
        <translation>频道优先级(&amp;P)：</translation>
    </message>
    <message>
        <source>Show channel &amp;URLs:</source>
        <translation>显示频道 URL(&amp;U)：</translation>
    </message>
    <message>
        <source>HTTP proxy</source>
        <translation>HTTP 代理</translation>
    </message>
    <message>
        <source>None, e.g. http://proxy.example.com:3128</source>
        <translation>无，例如 http://proxy.example.com:3128</translation>
    </message>
    <message>
        <source>HTTPS proxy</source>
        <translation>HTTPS 代理</translation>
    </message>
    <message>
        <source>TLS certificate verification</source>
        <translation>TLS 证书验证</translation>
    </message>
    <message>
        <source>Not set (conda&apos;s default: verify)</source>
        <translation>未设置（conda 默认：验证）</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Do not verify (insecure)</source>
        <translation>不验证（不安全）</translation>
    </message>
    <message>
        <source>Verify with a CA bundle file</source>
        <translation>使用 CA 证书包文件验证</translation>
    </message>
    <message>
        <source>CA bundle file</source>
        <translation>CA 证书包文件</translation>
    </message>
    <message>
        <source>Path to a .pem file, or truststore</source>
        <translation>.pem 文件的路径，或 truststore</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the CA bundle file</source>
        <translation>选择 CA 证书包文件</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>&amp;HTTP proxy:</source>
        <translation>HTTP 代理(&amp;H)：</translation>
    </message>
    <message>
        <source>HTTP&amp;S proxy:</source>
        <translation>HTTPS 代理(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;TLS verification:</source>
        <translation>TLS 验证(&amp;T)：</translation>
    </message>
    <message>
        <source>CA &amp;bundle:</source>
        <translation>CA 证书包(&amp;B)：</translation>
    </message>
    <message>
        <source>Resolved URLs</source>
        <translation>解析后的 URL</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <source>Ask every server above for its channel index at once, and show how long each takes to answer</source>
        <translation>同时向上方的每个服务器请求频道索引，并显示各自的响应时间</translation>
    </message>
    <message>
        <source>Test the channel servers</source>
        <translation>测试频道服务器</translation>
    </message>
    <message>
        <source>&amp;Cancel test</source>
        <translation>取消测试(&amp;C)</translation>
    </message>
    <message>
        <source>Stop testing the servers</source>
        <translation>停止测试服务器</translation>
    </message>
    <message>
        <source>Cancel the test</source>
        <translation>取消测试</translation>
    </message>
    <message>
        <source>Where each channel will be fetched from with the settings as edited, before saving. Test times the first byte of each server&apos;s answer.</source>
        <translation>按当前编辑的设置（保存前）各频道将从何处获取。“测试”会测量每个服务器返回响应首字节所用的时间。</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>The .condarc file this page shows and Save writes</source>
        <translation>此页面显示的、“保存”时写入的 .condarc 文件</translation>
    </message>
    <message>
        <source>Sa&amp;ve to:</source>
        <translation>保存到(&amp;V)：</translation>
    </message>
    <message>
        <source>Restore &amp;defaults</source>
        <translation>恢复默认设置(&amp;D)</translation>
    </message>
    <message>
        <source>Clear every setting on this page, so conda&apos;s defaults apply</source>
        <translation>清除此页面上的所有设置，改用 conda 的默认值</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Write these settings to the chosen file; its comments and other settings stay</source>
        <translation>将这些设置写入所选文件；文件中的注释和其他设置保持不变</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>User (%1)</source>
        <translation>用户（%1）</translation>
    </message>
    <message>
        <source>Active environment (%1)</source>
        <translation>当前激活的环境（%1）</translation>
    </message>
    <message>
        <source>System (%1)</source>
        <translation>系统（%1）</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃更改</translation>
    </message>
    <message>
        <source>Entry %1 is empty: type a channel name or URL, or remove it.</source>
        <translation>第 %1 项为空：请输入频道名称或 URL，或将其移除。</translation>
    </message>
    <message>
        <source>“%1” is not a channel: %2</source>
        <translation>“%1”不是有效的频道：%2</translation>
    </message>
    <message>
        <source>“%1” is listed twice.</source>
        <translation>“%1”出现了两次。</translation>
    </message>
    <message>
        <source>“%1” is not a URL. Type the server&apos;s address, e.g. https://mirror.example.com/anaconda/cloud.</source>
        <translation>“%1”不是 URL。请输入服务器地址，例如 https://mirror.example.com/anaconda/cloud。</translation>
    </message>
    <message>
        <source>Entry %1 is empty: type a URL, or remove it.</source>
        <translation>第 %1 项为空：请输入 URL，或将其移除。</translation>
    </message>
    <message>
        <source>“%1” is not a channel URL: %2</source>
        <translation>“%1”不是有效的频道 URL：%2</translation>
    </message>
    <message>
        <source>Row %1 has no channel name.</source>
        <translation>第 %1 行缺少频道名称。</translation>
    </message>
    <message>
        <source>Row %1: “%2” is not a channel name.</source>
        <translation>第 %1 行：“%2”不是有效的频道名称。</translation>
    </message>
    <message>
        <source>Row %1: “%2” is listed twice.</source>
        <translation>第 %1 行：“%2”出现了两次。</translation>
    </message>
    <message>
        <source>Row %1 has no URL.</source>
        <translation>第 %1 行缺少 URL。</translation>
    </message>
    <message>
        <source>Row %1: “%2” is not a URL.</source>
        <translation>第 %1 行：“%2”不是 URL。</translation>
    </message>
    <message>
        <source>“%1” is not a proxy URL; it needs a scheme and a host, e.g. http://proxy.example.com:3128.</source>
        <translation>“%1”不是有效的代理 URL：需要包含协议和主机，例如 http://proxy.example.com:3128。</translation>
    </message>
    <message>
        <source>Choose the CA bundle file.</source>
        <translation>请选择 CA 证书包文件。</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <source>These settings cannot be resolved: %1</source>
        <translation>无法解析这些设置：%1</translation>
    </message>
    <message>
        <source>Not a channel</source>
        <translation>不是频道</translation>
    </message>
    <message>
        <source>No channels</source>
        <translation>没有频道</translation>
    </message>
    <message>
        <source>The settings below match no preset.</source>
        <translation>下方的设置与任何预设都不匹配。</translation>
    </message>
    <message>
        <source>defaults from repo.anaconda.com, every other channel from conda.anaconda.org. Anaconda&apos;s terms of service may require a paid licence for defaults in larger organisations.</source>
        <translation>defaults 来自 repo.anaconda.com，其他所有频道来自 conda.anaconda.org。根据 Anaconda 的服务条款，规模较大的组织使用 defaults 可能需要付费许可。</translation>
    </message>
    <message>
        <source>defaults from %1/pkgs; %2 from %1/cloud; every other channel from conda.anaconda.org.</source>
        <translation>defaults 来自 %1/pkgs；%2 来自 %1/cloud；其他所有频道来自 conda.anaconda.org。</translation>
    </message>
    <message>
        <source>Saving to %1…</source>
        <translation>正在保存到 %1…</translation>
    </message>
    <message>
        <source>%1 cannot be edited here: %2. Fix it in a text editor, or choose another file.</source>
        <translation>无法在此编辑 %1：%2。请在文本编辑器中修正，或选择其他文件。</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Unsaved changes; Save writes them to %1.</source>
        <translation>有未保存的更改；点击“保存”将写入 %1。</translation>
    </message>
    <message>
        <source>Unsaved changes. Fix the problems marked above to save them.</source>
        <translation>有未保存的更改。请先修正上方标出的问题再保存。</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Showing %1</source>
        <translation>正在显示 %1</translation>
    </message>
    <message>
        <source>%1 does not exist yet; Save creates it.</source>
        <translation>%1 尚不存在；点击“保存”将创建该文件。</translation>
    </message>
    <message>
        <source>Testing 1 server…</source>
        <translation>正在测试 1 个服务器…</translation>
    </message>
    <message>
        <source>Testing %1 servers…</source>
        <translation>正在测试 %1 个服务器…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Not found (HTTP %1)</source>
        <extracomment>A server answered but does not have this channel.</extracomment>
        <translation>未找到（HTTP %1）</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Server error (HTTP %1)</source>
        <translation>服务器错误（HTTP %1）</translation>
    </message>
    <message>
        <source>Refused (HTTP %1)</source>
        <translation>被拒绝（HTTP %1）</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Unreachable</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>Time to the first byte of the answer</source>
        <translation>收到响应首字节所用的时间</translation>
    </message>
    <message>
        <source>The server has the channel.</source>
        <translation>该服务器提供此频道。</translation>
    </message>
    <message>
        <source>The server does not have the channel.</source>
        <translation>该服务器没有此频道。</translation>
    </message>
    <message>
        <source>%1 of %2 servers have the channel.</source>
        <translation>%2 个服务器中有 %1 个提供相应频道。</translation>
    </message>
    <message>
        <source>Fastest: %1 (%2).</source>
        <translation>最快：%1（%2）。</translation>
    </message>
    <message>
        <source>Test cancelled; 1 server had answered.</source>
        <translation>测试已取消；已有 1 个服务器响应。</translation>
    </message>
    <message>
        <source>Test cancelled; %1 servers had answered.</source>
        <translation>测试已取消；已有 %1 个服务器响应。</translation>
    </message>
    <message>
        <source>Clear every setting on this page for %1? conda&apos;s defaults then apply: the defaults channel, conda.anaconda.org for every other channel, no proxy and certificate verification on. Nothing is written until you save.</source>
        <translation>要清除此页面上 %1 的所有设置吗？之后将采用 conda 的默认值：使用 defaults 频道，其他所有频道来自 conda.anaconda.org，不使用代理，并启用证书验证。保存之前不会写入任何内容。</translation>
    </message>
    <message>
        <source>Searched from the top. “defaults” stands for the default channels set on the right; “nodefaults” leaves them out. An empty list means conda&apos;s default: defaults.</source>
        <translation>从上往下依次搜索。“defaults”代表右侧设置的默认频道；“nodefaults”表示不使用它们。列表为空时使用 conda 的默认值：defaults。</translation>
    </message>
    <message>
        <source>Show %1 instead? The changes you have not saved will be lost.</source>
        <translation>改为显示 %1？尚未保存的更改将会丢失。</translation>
    </message>
    <message>
        <source>No server answered: check the network connection and the proxy.</source>
        <translation>没有服务器响应：请检查网络连接和代理。</translation>
    </message>
    <message>
        <source>Resolved URLs and test</source>
        <translation>解析后的 URL 与测试</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::ComparePage</name>
    <message>
        <source>Not read: stopped</source>
        <translation>未读取：已停止</translation>
    </message>
    <message>
        <source>Stopped. Compare again by pressing Return in a path field.</source>
        <translation>已停止。在路径输入框中按回车键可重新对比。</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>This cannot be opened. Choose a file, or a folder that holds an environment (conda-meta).</source>
        <translation>无法打开。请选择一个文件，或包含环境（conda-meta）的文件夹。</translation>
    </message>
    <message>
        <source>This file cannot be read. Is it a complete environment.yml, explicit, conda-lock or pixi.lock file?</source>
        <translation>无法读取此文件。它是否为完整的 environment.yml、explicit、conda-lock 或 pixi.lock 文件？</translation>
    </message>
    <message>
        <source>environment.yml</source>
        <translation>environment.yml</translation>
    </message>
    <message>
        <source>explicit file</source>
        <translation>explicit 文件</translation>
    </message>
    <message>
        <source>conda-lock file</source>
        <translation>conda-lock 文件</translation>
    </message>
    <message>
        <source>pixi.lock</source>
        <translation>pixi.lock</translation>
    </message>
    <message>
        <source>installed environment</source>
        <translation>已安装的环境</translation>
    </message>
    <message>
        <source>environment %1</source>
        <translation>环境 %1</translation>
    </message>
    <message>
        <source>%1 platforms</source>
        <translation>%1 个平台</translation>
    </message>
    <message>
        <source>1 warning</source>
        <translation>1 条警告</translation>
    </message>
    <message>
        <source>%1 warnings</source>
        <translation>%1 条警告</translation>
    </message>
    <message>
        <source>These two cannot be compared: %1</source>
        <translation>无法对比这两者：%1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Nothing to compare yet</source>
        <translation>暂无可对比的内容</translation>
    </message>
    <message>
        <source>Fix or replace what could not be read; its message says where. What could be read is kept.</source>
        <translation>请修正或替换无法读取的来源，错误信息会指出问题所在。已读取的内容会保留。</translation>
    </message>
    <message>
        <source>Compare two environments</source>
        <translation>对比两个环境</translation>
    </message>
    <message>
        <source>Drop two files or environment folders on the boxes above, or use Open…: an environment.yml, an explicit file, a conda-lock file, a pixi.lock or an installed environment, in any mix. The difference is shown per platform and package manager.</source>
        <translation>将两个文件或环境文件夹拖放到上方的框中，或使用“打开…”：可以是 environment.yml、explicit 文件、conda-lock 文件、pixi.lock 或已安装的环境，可任意组合。差异按平台和包管理器分别显示。</translation>
    </message>
    <message>
        <source>All platforms</source>
        <translation>所有平台</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>A tab: the platform and how many packages changed on it</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1%2 added</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 新增</translation>
    </message>
    <message>
        <source>%1%2 removed</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 移除</translation>
    </message>
    <message>
        <source>%1%2 upgraded</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 升级</translation>
    </message>
    <message>
        <source>%1%2 downgraded</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 降级</translation>
    </message>
    <message>
        <source>%1%2 rebuilt</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 重新构建</translation>
    </message>
    <message>
        <source>%1%2 channel moved</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 频道变更</translation>
    </message>
    <message>
        <source>%1%2 category changed</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 类别变更</translation>
    </message>
    <message>
        <source>%1%2 loosened</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 放宽</translation>
    </message>
    <message>
        <source>%1%2 tightened</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 收紧</translation>
    </message>
    <message>
        <source>%1%2 spec changed</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 规范变更</translation>
    </message>
    <message>
        <source>%1%2 unchanged</source>
        <extracomment>A filter chip: %1 is the change&apos;s symbol (↑, ↓, …), %2 how many</extracomment>
        <translation>%1%2 未变更</translation>
    </message>
    <message>
        <source>Hidden from the table; press to show</source>
        <translation>已从表格中隐藏；按下可显示</translation>
    </message>
    <message>
        <source>Reading and comparing…</source>
        <translation>正在读取并对比…</translation>
    </message>
    <message>
        <source>The two are the same: 1 package, no differences.</source>
        <translation>两者相同：1 个软件包，没有差异。</translation>
    </message>
    <message>
        <source>The two are the same: %1 packages, no differences.</source>
        <translation>两者相同：%1 个软件包，没有差异。</translation>
    </message>
    <message>
        <source>%1 changed, %2 unchanged</source>
        <translation>%1 项有变更，%2 项未变更</translation>
    </message>
    <message>
        <source>channels: %1 → %2</source>
        <translation>频道：%1 → %2</translation>
    </message>
    <message>
        <source>%1 of %2 rows shown</source>
        <translation>已显示 %1 / %2 行</translation>
    </message>
    <message>
        <source>Choose both sides to compare them.</source>
        <translation>请选择左右两侧的来源以进行对比。</translation>
    </message>
    <message>
        <source>Open the left side</source>
        <translation>打开左侧文件</translation>
    </message>
    <message>
        <source>Open the right side</source>
        <translation>打开右侧文件</translation>
    </message>
    <message>
        <source>Environment and lock files (*.yml *.yaml *.lock *.txt);;All files (*)</source>
        <translation>环境文件和锁定文件 (*.yml *.yaml *.lock *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the environment for the left side</source>
        <translation>选择左侧的环境</translation>
    </message>
    <message>
        <source>Choose the environment for the right side</source>
        <translation>选择右侧的环境</translation>
    </message>
    <message>
        <source>HTML page (*.html)</source>
        <translation>HTML 页面 (*.html)</translation>
    </message>
    <message>
        <source>JSON, schema envdesk-diff/1 (*.json)</source>
        <translation>JSON，模式 envdesk-diff/1 (*.json)</translation>
    </message>
    <message>
        <source>Export the comparison</source>
        <translation>导出对比结果</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>&amp;Left (before)</source>
        <translation>左侧（变更前）(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Right (after)</source>
        <translation>右侧（变更后）(&amp;R)</translation>
    </message>
    <message>
        <source>A file (environment.yml, explicit, conda-lock, pixi.lock) or an environment folder</source>
        <translation>文件（environment.yml、explicit、conda-lock、pixi.lock）或环境文件夹</translation>
    </message>
    <message>
        <source>Left source path</source>
        <translation>左侧来源路径</translation>
    </message>
    <message>
        <source>Right source path</source>
        <translation>右侧来源路径</translation>
    </message>
    <message>
        <source>Type or paste a path and press Return, drop a file or folder here, or use the buttons</source>
        <translation>输入或粘贴路径后按回车键，将文件或文件夹拖放到此处，或使用旁边的按钮</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Choose an environment.yml, explicit, conda-lock or pixi.lock file</source>
        <translation>选择 environment.yml、explicit、conda-lock 或 pixi.lock 文件</translation>
    </message>
    <message>
        <source>Open a file for the left side</source>
        <translation>为左侧打开文件</translation>
    </message>
    <message>
        <source>Open a file for the right side</source>
        <translation>为右侧打开文件</translation>
    </message>
    <message>
        <source>Environment…</source>
        <translation>环境…</translation>
    </message>
    <message>
        <source>Choose an installed environment: a folder that holds conda-meta</source>
        <translation>选择已安装的环境：包含 conda-meta 的文件夹</translation>
    </message>
    <message>
        <source>Open an environment for the left side</source>
        <translation>为左侧打开环境</translation>
    </message>
    <message>
        <source>Open an environment for the right side</source>
        <translation>为右侧打开环境</translation>
    </message>
    <message>
        <source>Left source: drop a file or folder here</source>
        <translation>左侧来源：将文件或文件夹拖放到此处</translation>
    </message>
    <message>
        <source>Right source: drop a file or folder here</source>
        <translation>右侧来源：将文件或文件夹拖放到此处</translation>
    </message>
    <message>
        <source>Left source error</source>
        <translation>左侧来源错误</translation>
    </message>
    <message>
        <source>Right source error</source>
        <translation>右侧来源错误</translation>
    </message>
    <message>
        <source>Left source</source>
        <translation>左侧来源</translation>
    </message>
    <message>
        <source>Right source</source>
        <translation>右侧来源</translation>
    </message>
    <message>
        <source>Swap</source>
        <extracomment>Exchange the left and right sides of the comparison</extracomment>
        <translation>交换</translation>
    </message>
    <message>
        <source>Exchange the left and right sides</source>
        <translation>交换左右两侧</translation>
    </message>
    <message>
        <source>Swap the sides</source>
        <translation>交换两侧</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop reading and comparing</source>
        <translation>停止读取和对比</translation>
    </message>
    <message>
        <source>Stop the comparison</source>
        <translation>停止对比</translation>
    </message>
    <message>
        <source>Search packages (Ctrl+F)</source>
        <translation>搜索软件包（Ctrl+F）</translation>
    </message>
    <message>
        <source>Search the compared packages</source>
        <translation>搜索参与对比的软件包</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save the comparison as an HTML page or as JSON</source>
        <translation>将对比结果保存为 HTML 页面或 JSON</translation>
    </message>
    <message>
        <source>Platforms and package managers</source>
        <translation>平台和包管理器</translation>
    </message>
    <message>
        <source>Compared packages</source>
        <translation>参与对比的软件包</translation>
    </message>
    <message>
        <source>Comparison status</source>
        <translation>对比状态</translation>
    </message>
    <message>
        <source>Notes on the comparison</source>
        <translation>对比说明</translation>
    </message>
    <message>
        <source>Packages only on the right</source>
        <translation>仅在右侧存在的软件包</translation>
    </message>
    <message>
        <source>Packages only on the left</source>
        <translation>仅在左侧存在的软件包</translation>
    </message>
    <message>
        <source>Packages with a higher version on the right</source>
        <translation>右侧版本更高的软件包</translation>
    </message>
    <message>
        <source>Packages with a lower version on the right</source>
        <translation>右侧版本更低的软件包</translation>
    </message>
    <message>
        <source>The same version in another build</source>
        <translation>版本相同，但构建不同</translation>
    </message>
    <message>
        <source>The same package from another channel</source>
        <translation>同一软件包来自不同频道</translation>
    </message>
    <message>
        <source>Moved between conda-lock categories (main, dev, …) or between optional and required</source>
        <translation>在 conda-lock 类别（main、dev、…）之间移动，或在可选与必需之间切换</translation>
    </message>
    <message>
        <source>Specs that allow more versions on the right</source>
        <translation>右侧允许更多版本的规范</translation>
    </message>
    <message>
        <source>Specs that allow fewer versions on the right</source>
        <translation>右侧允许更少版本的规范</translation>
    </message>
    <message>
        <source>Specs that changed in another way</source>
        <translation>以其他方式变更的规范</translation>
    </message>
    <message>
        <source>Packages that are the same on both sides</source>
        <translation>两侧相同的软件包</translation>
    </message>
    <message>
        <source>Press to show or hide these rows</source>
        <translation>按下可显示或隐藏这些行</translation>
    </message>
    <message>
        <source>Other folder…</source>
        <translation>其他文件夹…</translation>
    </message>
    <message>
        <source>Drop a file or an environment folder here, or choose one with Open… or Environment…</source>
        <translation>将文件或环境文件夹拖放到此处，或通过“打开…”或“环境…”选择</translation>
    </message>
    <message>
        <source>Shown in the table; press to show only these, or all again</source>
        <translation>已在表格中显示；按下可只显示此类，或重新显示全部</translation>
    </message>
    <message>
        <source>No differences here.</source>
        <translation>此处没有差异。</translation>
    </message>
    <message>
        <source>Nothing matches the chosen filters.</source>
        <translation>没有符合所选筛选条件的内容。</translation>
    </message>
    <message>
        <source>Environment comparison</source>
        <translation>环境比较</translation>
    </message>
    <message>
        <source>no differences</source>
        <translation>没有差异</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>软件包</translation>
    </message>
    <message>
        <source>written by Envdesk</source>
        <translation>由 Envdesk 生成</translation>
    </message>
    <message>
        <source>{n} {what}</source>
        <extracomment>The exported page&apos;s summaries: {n} is a number, {what} a change (&quot;upgraded&quot;); keep both</extracomment>
        <translation>{what} {n} 个</translation>
    </message>
    <message>
        <source>, </source>
        <extracomment>Between the parts of a summary (&quot;3 upgraded, 1 added&quot;)</extracomment>
        <translation>，</translation>
    </message>
    <message>
        <source>en</source>
        <extracomment>The language code (BCP 47) of this translation, for the exported page&apos;s &lt;html lang&gt;</extracomment>
        <translation>zh-CN</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::CreateEnvironmentDialog</name>
    <message>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>Create environment</source>
        <translation>创建环境</translation>
    </message>
    <message>
        <source>e.g. ml-2024</source>
        <translation>例如 ml-2024</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Reading the channels…</source>
        <translation>正在读取频道…</translation>
    </message>
    <message>
        <source>Names or match specs, e.g. numpy pandas&gt;=2</source>
        <translation>名称或匹配规范，例如 numpy pandas&gt;=2</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>位置(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Python:</source>
        <translation>Python(&amp;P):</translation>
    </message>
    <message>
        <source>P&amp;ackages:</source>
        <translation>软件包(&amp;A):</translation>
    </message>
    <message>
        <source>&amp;Channels:</source>
        <translation>频道(&amp;C):</translation>
    </message>
    <message>
        <source>Preview:</source>
        <translation>预览:</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Where the environment goes</source>
        <translation>选择环境的存放位置</translation>
    </message>
    <message>
        <source>The configuration cannot be read: %1</source>
        <translation>无法读取配置：%1</translation>
    </message>
    <message>
        <source>The configured channels cannot be reached, so the offline demo channel is ticked instead.</source>
        <translation>无法连接已配置的频道，因此改为勾选离线演示频道。</translation>
    </message>
    <message>
        <source>The channels cannot be read: %1</source>
        <translation>无法读取频道：%1</translation>
    </message>
    <message>
        <source>Envdesk demo channel (offline)</source>
        <translation>Envdesk 演示频道（离线）</translation>
    </message>
    <message>
        <source>No Python</source>
        <translation>不安装 Python</translation>
    </message>
    <message>
        <source>Python %1</source>
        <translation>Python %1</translation>
    </message>
    <message>
        <source>Give the environment a name.</source>
        <translation>请为环境命名。</translation>
    </message>
    <message>
        <source>“%1” is the name of the root environment; choose another.</source>
        <translation>“%1”是根环境的名称，请另选一个。</translation>
    </message>
    <message>
        <source>A name cannot start with &apos;.&apos; or &apos;-&apos;.</source>
        <translation>名称不能以 &apos;.&apos; 或 &apos;-&apos; 开头。</translation>
    </message>
    <message>
        <source>An environment named “%1” already exists.</source>
        <translation>已存在名为“%1”的环境。</translation>
    </message>
    <message>
        <source>Choose a folder for the environment.</source>
        <translation>请为环境选择一个文件夹。</translation>
    </message>
    <message>
        <source>%1 already exists. Choose another name or location.</source>
        <translation>%1 已存在。请另选名称或位置。</translation>
    </message>
    <message>
        <source>Choose a Python version or packages to see what will be installed.</source>
        <translation>选择 Python 版本或软件包后即可查看将要安装的内容。</translation>
    </message>
    <message>
        <source>Tick at least one channel.</source>
        <translation>请至少勾选一个频道。</translation>
    </message>
    <message>
        <source>Working out what will be installed…</source>
        <translation>正在计算将要安装的内容…</translation>
    </message>
    <message>
        <source>Cannot be worked out: %1</source>
        <translation>无法计算：%1</translation>
    </message>
    <message>
        <source>1 package</source>
        <translation>1 个软件包</translation>
    </message>
    <message>
        <source>%1 packages</source>
        <translation>%1 个软件包</translation>
    </message>
    <message>
        <source>%1, all in the package cache: %2</source>
        <translation>%1，均已在软件包缓存中：%2</translation>
    </message>
    <message>
        <source>%1, %2 to download: %3</source>
        <translation>%1，需下载 %2：%3</translation>
    </message>
    <message>
        <source>A name cannot contain &apos;/&apos;, &apos; &apos;, &apos;:&apos;, &apos;#&apos; or &apos;\&apos;.</source>
        <translation>名称不能包含 &apos;/&apos;、&apos; &apos;、&apos;:&apos;、&apos;#&apos; 或 &apos;\&apos;。</translation>
    </message>
    <message>
        <source>Keep typing: no package is named “%1” yet.</source>
        <translation>请继续输入：还没有名为“%1”的软件包。</translation>
    </message>
    <message>
        <source>No package in the chosen channels is named %1. Check the spelling, or choose other channels.</source>
        <translation>所选频道中没有名为 %1 的软件包。请检查拼写，或选择其他频道。</translation>
    </message>
    <message>
        <source>These packages cannot be installed together. Below is why; your own requests are in bold.</source>
        <translation>这些软件包无法同时安装。原因如下，你自己的请求以粗体显示。</translation>
    </message>
    <message>
        <source>These packages cannot be installed together. Below is why (your own requests in bold), and what would work.</source>
        <translation>这些软件包无法同时安装。原因如下（你自己的请求以粗体显示），以及可行的解决办法。</translation>
    </message>
    <message>
        <source>Reading the channels… %1 of %2 (%3)</source>
        <translation>正在读取频道… %1 / %2（%3）</translation>
    </message>
    <message>
        <source>Reading the channels… indexing their packages, %1 so far</source>
        <translation>正在读取频道…正在为软件包建立索引，已处理 %1 个</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::DependencyTreeModel</name>
    <message>
        <source>%1 (requires %2)</source>
        <translation>%1（需要 %2）</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (cycle)</source>
        <translation>%1（循环）</translation>
    </message>
    <message>
        <source>%1 already appears above this row: the dependencies form a cycle</source>
        <translation>%1 已出现在此行上方：依赖关系构成了循环</translation>
    </message>
    <message>
        <source>%1 is a virtual package: the system provides it</source>
        <translation>%1 是虚拟包：由系统提供</translation>
    </message>
    <message>
        <source>%1 is not installed in this environment</source>
        <translation>%1 未安装在此环境中</translation>
    </message>
    <message>
        <source>%1 %2 (%3) from %4</source>
        <translation>%1 %2 (%3)，来自 %4</translation>
    </message>
    <message>
        <source>virtual</source>
        <translation>虚拟</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>You asked for %1</source>
        <translation>你请求的是 %1</translation>
    </message>
    <message>
        <source>requested</source>
        <translation>已请求</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>软件包</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>请求</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::DiffTableModel</name>
    <message>
        <source>any platform</source>
        <translation>任意平台</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <extracomment>A tab of the comparison: the platform, then the package manager (&quot;linux-64 · pip&quot;).</extracomment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>upgraded</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>downgraded</source>
        <translation>已降级</translation>
    </message>
    <message>
        <source>rebuilt</source>
        <translation>已重新构建</translation>
    </message>
    <message>
        <source>channel moved</source>
        <translation>频道已变更</translation>
    </message>
    <message>
        <source>category changed</source>
        <extracomment>conda-lock categories (main, dev, test)</extracomment>
        <translation>类别已变更</translation>
    </message>
    <message>
        <source>loosened</source>
        <extracomment>a version spec that now allows more versions</extracomment>
        <translation>已放宽</translation>
    </message>
    <message>
        <source>tightened</source>
        <extracomment>a version spec that now allows fewer versions</extracomment>
        <translation>已收紧</translation>
    </message>
    <message>
        <source>spec changed</source>
        <translation>规范已变更</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未变更</translation>
    </message>
    <message>
        <source>any channel</source>
        <translation>任意频道</translation>
    </message>
    <message>
        <source>%1 %2 is only on the right</source>
        <translation>%1 %2 仅在右侧存在</translation>
    </message>
    <message>
        <source>%1 %2 is only on the left</source>
        <translation>%1 %2 仅在左侧存在</translation>
    </message>
    <message>
        <source>%1 was upgraded from %2 to %3</source>
        <translation>%1 从 %2 升级到 %3</translation>
    </message>
    <message>
        <source>%1 was downgraded from %2 to %3</source>
        <translation>%1 从 %2 降级到 %3</translation>
    </message>
    <message>
        <source>%1 has the same version, another build: %2 → %3</source>
        <translation>%1 版本相同，构建不同：%2 → %3</translation>
    </message>
    <message>
        <source>%1 comes from another channel: %2</source>
        <translation>%1 来自不同的频道：%2</translation>
    </message>
    <message>
        <source>%1 moved to another category (main, dev, test, …) or between optional and required</source>
        <translation>%1 移到了其他类别（main、dev、test、…），或在可选与必需之间切换</translation>
    </message>
    <message>
        <source>The spec of %1 allows more versions: %2 → %3</source>
        <translation>%1 的规范允许更多版本：%2 → %3</translation>
    </message>
    <message>
        <source>The spec of %1 allows fewer versions: %2 → %3</source>
        <translation>%1 的规范允许更少版本：%2 → %3</translation>
    </message>
    <message>
        <source>The spec of %1 changed: %2 → %3</source>
        <translation>%1 的规范已变更：%2 → %3</translation>
    </message>
    <message>
        <source>%1 is the same on both sides</source>
        <translation>%1 在两侧相同</translation>
    </message>
    <message>
        <source>It also moved channel: %1</source>
        <translation>其频道也已变更：%1</translation>
    </message>
    <message>
        <source>Not on the right</source>
        <translation>右侧没有</translation>
    </message>
    <message>
        <source>Not on the left</source>
        <translation>左侧没有</translation>
    </message>
    <message>
        <source>%1 (optional)</source>
        <translation>%1（可选）</translation>
    </message>
    <message>
        <source>Spec: %1</source>
        <translation>规范：%1</translation>
    </message>
    <message>
        <source>Version: %1</source>
        <translation>版本：%1</translation>
    </message>
    <message>
        <source>Build: %1</source>
        <translation>构建：%1</translation>
    </message>
    <message>
        <source>Channel: %1</source>
        <translation>频道：%1</translation>
    </message>
    <message>
        <source>Category: %1</source>
        <translation>类别：%1</translation>
    </message>
    <message>
        <source>Read from %1:%2</source>
        <translation>读取自 %1:%2</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>软件包</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Left</source>
        <extracomment>The version on the left side of the comparison</extracomment>
        <translation>左侧</translation>
    </message>
    <message>
        <source>Right</source>
        <extracomment>The version on the right side of the comparison</extracomment>
        <translation>右侧</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::EnvironmentListModel</name>
    <message>
        <source>%1 (unusable)</source>
        <translation>%1（不可用）</translation>
    </message>
    <message>
        <source>%1 · Python %2</source>
        <translation>%1 · Python %2</translation>
    </message>
    <message>
        <source>1 package</source>
        <translation>1 个软件包</translation>
    </message>
    <message>
        <source>%1 packages</source>
        <translation>%1 个软件包</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 on disk of its own, %2 shared with the package cache</source>
        <translation>独占磁盘 %1，与软件包缓存共享 %2</translation>
    </message>
    <message>
        <source>Last changed %1</source>
        <translation>最后修改于 %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Envdesk</source>
        <translation>Envdesk</translation>
    </message>
    <message>
        <source>%1 · Jupyter</source>
        <translation>%1 · Jupyter</translation>
    </message>
    <message>
        <source>A Jupyter kernel: %1</source>
        <translation>Jupyter 内核：%1</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::EnvironmentUsePanel</name>
    <message>
        <source>Open in terminal</source>
        <translation>在终端中打开</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Start %1 with the environment activated</source>
        <translation>在激活此环境的情况下启动 %1</translation>
    </message>
    <message>
        <source>Install…</source>
        <translation>安装…</translation>
    </message>
    <message>
        <source>Preview installing %1 into this environment</source>
        <translation>预览将 %1 安装到此环境</translation>
    </message>
    <message>
        <source>Jupyter lists this environment as the kernel “%1” (%2).</source>
        <translation>Jupyter 已将此环境列为内核“%1”（%2）。</translation>
    </message>
    <message>
        <source>Remove from Jupyter</source>
        <translation>从 Jupyter 中移除</translation>
    </message>
    <message>
        <source>To use this environment from Jupyter, it needs the ipykernel package.</source>
        <translation>要在 Jupyter 中使用此环境，需要安装 ipykernel 软件包。</translation>
    </message>
    <message>
        <source>Install ipykernel…</source>
        <translation>安装 ipykernel…</translation>
    </message>
    <message>
        <source>Jupyter does not list this environment as a kernel.</source>
        <translation>Jupyter 尚未将此环境列为内核。</translation>
    </message>
    <message>
        <source>Make available in Jupyter</source>
        <translation>在 Jupyter 中可用</translation>
    </message>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>Open terminal</source>
        <translation>打开终端</translation>
    </message>
    <message>
        <source>No terminal program was found. Set the TERMINAL variable to the one you use, or install one (for example gnome-terminal, konsole or xterm).</source>
        <translation>未找到终端程序。请将 TERMINAL 变量设为你使用的终端，或安装一个终端（例如 gnome-terminal、konsole 或 xterm）。</translation>
    </message>
    <message>
        <source>Open in file manager</source>
        <translation>在文件管理器中打开</translation>
    </message>
    <message>
        <source>No file manager is set up to open folders on this desktop. The environment is in %1.</source>
        <translation>此桌面没有设置用于打开文件夹的文件管理器。环境位于 %1。</translation>
    </message>
    <message>
        <source>Run command</source>
        <translation>运行命令</translation>
    </message>
    <message>
        <source>[stopped]</source>
        <translation>[已停止]</translation>
    </message>
    <message>
        <source>[exit status %1]</source>
        <translation>[退出状态 %1]</translation>
    </message>
    <message>
        <source>[could not start: %1]</source>
        <translation>[无法启动：%1]</translation>
    </message>
    <message>
        <source>Open your terminal with this environment activated</source>
        <translation>打开终端并激活此环境</translation>
    </message>
    <message>
        <source>Applications</source>
        <translation>应用程序</translation>
    </message>
    <message>
        <source>Jupyter</source>
        <translation>Jupyter</translation>
    </message>
    <message>
        <source>Run a command</source>
        <translation>运行命令</translation>
    </message>
    <message>
        <source>A command to run in the environment, e.g. python -V</source>
        <translation>要在环境中运行的命令，例如 python -V</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Notebooks, code and data in the browser</source>
        <translation>在浏览器中使用笔记本、代码和数据</translation>
    </message>
    <message>
        <source>The classic notebook in the browser</source>
        <translation>浏览器中的经典笔记本</translation>
    </message>
    <message>
        <source>An IDE for scientific Python</source>
        <translation>面向科学计算 Python 的集成开发环境</translation>
    </message>
    <message>
        <source>A rich console for Jupyter kernels</source>
        <translation>面向 Jupyter 内核的富文本控制台</translation>
    </message>
    <message>
        <source>An interactive Python shell, in a terminal</source>
        <translation>在终端中运行的交互式 Python shell</translation>
    </message>
    <message>
        <source>Visual data mining</source>
        <translation>可视化数据挖掘</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::EnvironmentsPage</name>
    <message>
        <source>Looking for environments…</source>
        <translation>正在查找环境…</translation>
    </message>
    <message>
        <source>1 environment</source>
        <translation>1 个环境</translation>
    </message>
    <message>
        <source>%1 environments</source>
        <translation>%1 个环境</translation>
    </message>
    <message>
        <source>Reading the packages of %1…</source>
        <translation>正在读取 %1 的软件包…</translation>
    </message>
    <message>
        <source>The packages cannot be read: %1</source>
        <translation>无法读取软件包：%1</translation>
    </message>
    <message>
        <source>Not a package name or match spec: %1</source>
        <translation>不是软件包名或匹配规范：%1</translation>
    </message>
    <message>
        <source>1 package</source>
        <translation>1 个软件包</translation>
    </message>
    <message>
        <source>%1 packages</source>
        <translation>%1 个软件包</translation>
    </message>
    <message>
        <source>%1 of %2 packages</source>
        <translation>%1 / %2 个软件包</translation>
    </message>
    <message>
        <source>Environments</source>
        <translation>环境</translation>
    </message>
    <message>
        <source>Look for environments again</source>
        <translation>重新查找环境</translation>
    </message>
    <message>
        <source>Refresh the environment list</source>
        <translation>刷新环境列表</translation>
    </message>
    <message>
        <source>Search by name or match spec, e.g. numpy&gt;=1.26</source>
        <translation>按名称或匹配规范搜索，例如 numpy&gt;=1.26</translation>
    </message>
    <message>
        <source>Search packages</source>
        <translation>搜索软件包</translation>
    </message>
    <message>
        <source>Installed packages</source>
        <translation>已安装的软件包</translation>
    </message>
    <message>
        <source>The history cannot be read: %1</source>
        <translation>无法读取历史记录：%1</translation>
    </message>
    <message>
        <source>History of the environment</source>
        <translation>环境的历史记录</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>软件包</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>No environments found. Create one with the Create button, or point envs_dirs in .condarc at where yours are.</source>
        <translation>未找到环境。请用“创建”按钮新建一个，或在 .condarc 中将 envs_dirs 指向你的环境所在位置。</translation>
    </message>
    <message>
        <source>Dependencies</source>
        <translation>依赖关系</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Create a new environment</source>
        <translation>创建新环境</translation>
    </message>
    <message>
        <source>Roll back to this revision…</source>
        <translation>回滚到此修订版本…</translation>
    </message>
    <message>
        <source>Preview going back to the selected revision; nothing changes until you apply it</source>
        <translation>预览回滚到所选修订版本的变更；应用之前不会进行任何更改</translation>
    </message>
    <message>
        <source>Install…</source>
        <translation>安装…</translation>
    </message>
    <message>
        <source>Mark packages to install, by name or match spec</source>
        <translation>按名称或匹配规范标记要安装的软件包</translation>
    </message>
    <message>
        <source>Version…</source>
        <translation>版本…</translation>
    </message>
    <message>
        <source>Choose another version or build of the selected package from the channels</source>
        <translation>从频道中为所选软件包选择其他版本或构建</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Mark the selected packages for removal (Del)</source>
        <translation>将所选软件包标记为移除（Del）</translation>
    </message>
    <message>
        <source>Unmark</source>
        <translation>取消标记</translation>
    </message>
    <message>
        <source>Preview the marked changes, then carry them out (Ctrl+Enter)</source>
        <translation>预览已标记的更改，然后执行（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Forget every mark</source>
        <translation>清除所有标记</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>install %1</source>
        <translation>安装 %1</translation>
    </message>
    <message>
        <source>update %1</source>
        <translation>更新 %1</translation>
    </message>
    <message>
        <source>remove %1</source>
        <translation>移除 %1</translation>
    </message>
    <message>
        <source>Marked: %1. Nothing changes until you apply.</source>
        <translation>已标记：%1。应用之前不会进行任何更改。</translation>
    </message>
    <message>
        <source>Select a package to see what it needs.</source>
        <translation>选择一个软件包以查看它的依赖。</translation>
    </message>
    <message>
        <source>What %1 needs</source>
        <translation>%1 的依赖</translation>
    </message>
    <message>
        <source>Select a package to see why it is installed.</source>
        <translation>选择一个软件包以查看它为何被安装。</translation>
    </message>
    <message>
        <source>Why %1 is installed (who needs it)</source>
        <translation>%1 为何被安装（哪些软件包需要它）</translation>
    </message>
    <message>
        <source>Install packages</source>
        <translation>安装软件包</translation>
    </message>
    <message>
        <source>Packages to install, by name or match spec, separated by spaces
(for example: numpy pandas&gt;=2 python=3.12):</source>
        <translation>要安装的软件包（名称或匹配规范），以空格分隔
（例如：numpy pandas&gt;=2 python=3.12）：</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Upgradable</source>
        <translation>可升级</translation>
    </message>
    <message>
        <source>Not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Which packages the list shows</source>
        <translation>选择列表中显示哪些软件包</translation>
    </message>
    <message>
        <source>Reading the channels…</source>
        <translation>正在读取频道…</translation>
    </message>
    <message>
        <source>The configured channels cannot be reached; showing the demo channel.</source>
        <translation>无法连接已配置的频道，改为显示演示频道。</translation>
    </message>
    <message>
        <source>The channels cannot be read: %1</source>
        <translation>无法读取频道：%1</translation>
    </message>
    <message>
        <source>Clone…</source>
        <translation>克隆…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Create an environment from environment.yml, an explicit file or a conda-lock file</source>
        <translation>从 environment.yml、explicit 文件或 conda-lock 文件创建环境</translation>
    </message>
    <message>
        <source>Import an environment file</source>
        <translation>导入环境文件</translation>
    </message>
    <message>
        <source>Name of the new environment:</source>
        <translation>新环境的名称：</translation>
    </message>
    <message>
        <source>Clone %1</source>
        <translation>克隆 %1</translation>
    </message>
    <message>
        <source>Clone</source>
        <translation>克隆</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>重命名 %1</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Create an environment from a file</source>
        <translation>从文件创建环境</translation>
    </message>
    <message>
        <source>Environment files (*.yml *.yaml *.txt *.lock);;All files (*)</source>
        <translation>环境文件 (*.yml *.yaml *.txt *.lock);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>Name of the new environment made from %1:</source>
        <translation>由 %1 创建的新环境的名称：</translation>
    </message>
    <message>
        <source>Mark the selected packages for update (those the channels have newer)</source>
        <translation>将所选软件包标记为更新（仅限频道中有更新版本的软件包）</translation>
    </message>
    <message>
        <source>Update all…</source>
        <translation>全部更新…</translation>
    </message>
    <message>
        <source>Preview updating every package to the newest version that fits, then carry it out</source>
        <translation>预览将每个软件包更新到可用的最新版本，然后执行</translation>
    </message>
    <message>
        <source>Licence: not stated</source>
        <translation>许可证：未说明</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>许可证：%1</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <source>Reading the channels… %1 of %2 (%3)</source>
        <translation>正在读取频道… %1 / %2（%3）</translation>
    </message>
    <message>
        <source>Open terminal</source>
        <translation>打开终端</translation>
    </message>
    <message>
        <source>Run command…</source>
        <translation>运行命令…</translation>
    </message>
    <message>
        <source>Open in file manager</source>
        <translation>在文件管理器中打开</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Keep the selected packages at their installed versions: later changes may not move them (conda-meta/pinned)</source>
        <translation>将所选软件包固定在已安装的版本：之后的变更不会改动它们（conda-meta/pinned）</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消固定</translation>
    </message>
    <message>
        <source>Let later changes move the selected packages again</source>
        <translation>允许之后的变更再次改动所选软件包</translation>
    </message>
    <message>
        <source>Open your terminal with the environment activated</source>
        <translation>打开终端并激活该环境</translation>
    </message>
    <message>
        <source>Reading the channels… indexing their packages, %1 so far</source>
        <translation>正在读取频道…正在为软件包建立索引，已处理 %1 个</translation>
    </message>
    <message>
        <source>%1 of %2 (%3)</source>
        <translation>%1 / %2（%3）</translation>
    </message>
    <message>
        <source>Indexing the channels&apos; packages: %1 so far</source>
        <translation>正在为频道的软件包建立索引：已处理 %1 个</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::ErrorText</name>
    <message>
        <source>Not a valid package specification: %1</source>
        <translation>不是有效的软件包说明：%1</translation>
    </message>
    <message>
        <source>A package specification is not valid</source>
        <translation>软件包说明无效</translation>
    </message>
    <message>
        <source>Not a valid channel: %1</source>
        <translation>不是有效的频道：%1</translation>
    </message>
    <message>
        <source>A channel is not valid</source>
        <translation>频道无效</translation>
    </message>
    <message>
        <source>A package&apos;s record is not valid: %1</source>
        <translation>软件包记录无效：%1</translation>
    </message>
    <message>
        <source>A package&apos;s record is not valid</source>
        <translation>软件包记录无效</translation>
    </message>
    <message>
        <source>Its contents are not valid, so it cannot be read: %1</source>
        <translation>内容无效，无法读取：%1</translation>
    </message>
    <message>
        <source>Contents that are not valid could not be read</source>
        <translation>内容无效，无法读取</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>未找到：%1</translation>
    </message>
    <message>
        <source>Something needed was not found</source>
        <translation>未找到所需的内容</translation>
    </message>
    <message>
        <source>Could not be read or written: %1</source>
        <translation>无法读取或写入：%1</translation>
    </message>
    <message>
        <source>A file could not be read or written</source>
        <translation>无法读取或写入文件</translation>
    </message>
    <message>
        <source>The server could not be reached or did not answer: %1</source>
        <translation>无法连接服务器，或服务器没有响应：%1</translation>
    </message>
    <message>
        <source>A server could not be reached or did not answer</source>
        <translation>无法连接服务器，或服务器没有响应</translation>
    </message>
    <message>
        <source>Damaged: its checksum or size is not what the channel says: %1</source>
        <translation>文件已损坏，校验和或大小与频道所述不符：%1</translation>
    </message>
    <message>
        <source>A download is damaged: its checksum or size is not what the channel says</source>
        <translation>下载的文件已损坏，校验和或大小与频道所述不符</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>This user may not change it: %1</source>
        <translation>当前用户无权更改：%1</translation>
    </message>
    <message>
        <source>This user may not change it</source>
        <translation>当前用户无权更改</translation>
    </message>
    <message>
        <source>Another program is using it; try again when that has finished: %1</source>
        <translation>另一个程序正在使用它，请在其完成后重试：%1</translation>
    </message>
    <message>
        <source>Another program is using it; try again when that has finished</source>
        <translation>另一个程序正在使用它，请在其完成后重试</translation>
    </message>
    <message>
        <source>Another program changed it since this was prepared; preview again: %1</source>
        <translation>准备之后它已被另一个程序更改，请重新预览：%1</translation>
    </message>
    <message>
        <source>Another program changed it since this was prepared; preview again</source>
        <translation>准备之后它已被另一个程序更改，请重新预览</translation>
    </message>
    <message>
        <source>Something went wrong inside Envdesk (%1); Help &gt; Report a Problem says where to tell us</source>
        <translation>Envdesk 内部出错（%1）；“帮助 &gt; 报告问题”说明了在哪里反馈</translation>
    </message>
    <message>
        <source>Something went wrong inside Envdesk; Help &gt; Report a Problem says where to tell us</source>
        <translation>Envdesk 内部出错；“帮助 &gt; 报告问题”说明了在哪里反馈</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <extracomment>%1 is what happened, in the user&apos;s language; %2 the technical detail, in English.</extracomment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>its name could not be found (DNS): check the address, or the connection</source>
        <translation>无法解析其名称（DNS）：请检查地址或网络连接</translation>
    </message>
    <message>
        <source>no connection could be made to it</source>
        <translation>无法与其建立连接</translation>
    </message>
    <message>
        <source>it did not answer in time</source>
        <translation>它没有及时响应</translation>
    </message>
    <message>
        <source>the server answered HTTP %1</source>
        <translation>服务器回答 HTTP %1</translation>
    </message>
    <message>
        <source>its certificate could not be verified (see TLS verification on the Channels page)</source>
        <translation>无法验证其证书（参见“频道”页的 TLS 验证）</translation>
    </message>
    <message>
        <source>the network is not used while working offline</source>
        <translation>离线工作时不使用网络</translation>
    </message>
    <message>
        <source>not asked again: %1 did not answer earlier in this session (File &gt; Reload Channels tries again)</source>
        <translation>未再次请求：%1 在本次会话中早先没有响应（“文件 &gt; 重新读取频道”会重试）</translation>
    </message>
    <message>
        <source>the channel&apos;s folder does not exist</source>
        <translation>频道文件夹不存在</translation>
    </message>
    <message>
        <source>the folder is not a channel: it has no %1 (envdesk-cli index makes them)</source>
        <translation>该文件夹不是频道：其中没有 %1（envdesk-cli index 可生成）</translation>
    </message>
    <message>
        <source>offline, and nothing of the channels is cached yet: connect once, or add a local channel</source>
        <translation>处于离线状态，且尚未缓存任何频道数据：请先联网一次，或添加本地频道</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::ExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>What should the file hold?</source>
        <translation>文件中应包含什么？</translation>
    </message>
    <message>
        <source>environment.yml, exact</source>
        <translation>environment.yml（精确）</translation>
    </message>
    <message>
        <source>Every package with its version and build, as conda env export writes it: the same environment again on this platform.</source>
        <translation>列出每个软件包的版本和构建，与 conda env export 的输出相同：可在本平台上重建完全相同的环境。</translation>
    </message>
    <message>
        <source>environment.yml without builds</source>
        <translation>不含构建的 environment.yml</translation>
    </message>
    <message>
        <source>Versions without build strings (--no-builds): close to the same environment, on other platforms too.</source>
        <translation>只含版本、不含构建字符串（--no-builds）：在其他平台上也能得到相近的环境。</translation>
    </message>
    <message>
        <source>environment.yml of what was asked for</source>
        <translation>只含所请求内容的 environment.yml</translation>
    </message>
    <message>
        <source>Only the packages you asked for, as you asked (--from-history): solved afresh, anywhere.</source>
        <translation>只含你请求的软件包，保持你请求时的写法（--from-history）：可在任何地方重新求解。</translation>
    </message>
    <message>
        <source>Explicit file with hashes</source>
        <translation>带哈希值的显式文件</translation>
    </message>
    <message>
        <source>One URL per package with its sha256 (conda list --explicit): exactly these files, verified, no solve.</source>
        <translation>每个软件包一个 URL 及其 sha256（conda list --explicit）：完全相同的文件，经过校验，无需求解。</translation>
    </message>
    <message>
        <source>conda-lock file</source>
        <translation>conda-lock 文件</translation>
    </message>
    <message>
        <source>Every package with its URL and hashes in conda-lock&apos;s format, for conda-lock, micromamba and pixi.</source>
        <translation>以 conda-lock 格式列出每个软件包的 URL 和哈希值，可用于 conda-lock、micromamba 和 pixi。</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Explicit file (*.txt)</source>
        <translation>显式文件 (*.txt)</translation>
    </message>
    <message>
        <source>conda-lock file (*.conda-lock.yml)</source>
        <translation>conda-lock 文件 (*.conda-lock.yml)</translation>
    </message>
    <message>
        <source>environment.yml (*.yml)</source>
        <translation>environment.yml (*.yml)</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::FirstRunDialog</name>
    <message>
        <source>Where should packages come from?</source>
        <translation>软件包从哪里获取？</translation>
    </message>
    <message>
        <source>Envdesk installs packages from conda channels. Choose where they come from; the Channels page can change it at any time.</source>
        <translation>Envdesk 从 conda 频道安装软件包。请选择软件包的来源；之后可随时在“频道”页面更改。</translation>
    </message>
    <message>
        <source>conda-forge (recommended)</source>
        <translation>conda-forge（推荐）</translation>
    </message>
    <message>
        <source>Anaconda&apos;s defaults</source>
        <translation>Anaconda 的 defaults 频道</translation>
    </message>
    <message>
        <source>conda-forge through a mirror</source>
        <translation>通过镜像使用 conda-forge</translation>
    </message>
    <message>
        <source>Mirror</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>Use this</source>
        <translation>使用此设置</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>稍后决定</translation>
    </message>
    <message>
        <source>The community channel most machine-learning and science packages come from, with CUDA builds of PyTorch. Free for everyone.</source>
        <translation>大多数机器学习和科学计算软件包所在的社区频道，提供 PyTorch 的 CUDA 构建。对所有人免费。</translation>
    </message>
    <message>
        <source>Anaconda&apos;s curated channel. Its terms of service require a paid licence for use in organisations of 200 or more people.</source>
        <translation>Anaconda 维护的频道。根据其服务条款，200 人及以上的组织使用时需购买付费许可。</translation>
    </message>
    <message>
        <source>For slow international links: a university or cloud mirror in China serves conda-forge and Anaconda&apos;s channels.</source>
        <translation>适用于国际网络较慢的情况：由国内高校或云服务商的镜像提供 conda-forge 和 Anaconda 的频道。</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::HistoryModel</name>
    <message>
        <source>Revision</source>
        <translation>修订版本</translation>
    </message>
    <message>
        <source>Command or change</source>
        <translation>命令或变更</translation>
    </message>
    <message>
        <source>rev %1 · %2</source>
        <translation>修订 %1 · %2</translation>
    </message>
    <message>
        <source>(no command recorded)</source>
        <translation>（未记录命令）</translation>
    </message>
    <message>
        <source>has</source>
        <translation>包含</translation>
    </message>
    <message>
        <source>upgraded</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>%1  %2 → %3</source>
        <translation>%1  %2 → %3</translation>
    </message>
    <message>
        <source>downgraded</source>
        <translation>已降级</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::MachinePage</name>
    <message>
        <source>Checking the GPUs again…</source>
        <translation>正在重新检测 GPU…</translation>
    </message>
    <message>
        <source>Checking the GPUs…</source>
        <translation>正在检测 GPU…</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Ask the NVIDIA driver again instead of using the answer saved earlier this boot</source>
        <translation>重新询问 NVIDIA 驱动，而不使用本次开机后早先保存的结果</translation>
    </message>
    <message>
        <source>Check the GPUs again</source>
        <translation>重新检测 GPU</translation>
    </message>
    <message>
        <source>GPUs and CUDA driver</source>
        <translation>GPU 和 CUDA 驱动</translation>
    </message>
    <message>
        <source>Highest CUDA version the driver supports</source>
        <translation>驱动支持的最高 CUDA 版本</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Show each way of asking the driver that was tried, and what it said</source>
        <translation>显示尝试过的每种驱动查询方式及其返回结果</translation>
    </message>
    <message>
        <source>Show detection details</source>
        <translation>显示检测详细信息</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Detection attempts</source>
        <translation>检测尝试</translation>
    </message>
    <message>
        <source>Virtual packages the solver will use</source>
        <translation>求解器将使用的虚拟软件包</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>软件包</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Virtual packages</source>
        <translation>虚拟软件包</translation>
    </message>
    <message>
        <source>Override for this session</source>
        <translation>本次会话的覆盖设置</translation>
    </message>
    <message>
        <source>&amp;CUDA:</source>
        <extracomment>A field label: the CUDA version to pretend the driver supports.</extracomment>
        <translation>CUDA(&amp;C)：</translation>
    </message>
    <message>
        <source>CUDA version override</source>
        <translation>CUDA 版本覆盖</translation>
    </message>
    <message>
        <source>Sets CONDA_OVERRIDE_CUDA: the __cuda version solves use, e.g. 12.4</source>
        <translation>设置 CONDA_OVERRIDE_CUDA：求解时使用的 __cuda 版本，例如 12.4</translation>
    </message>
    <message>
        <source>&amp;glibc:</source>
        <translation>glibc(&amp;G)：</translation>
    </message>
    <message>
        <source>glibc version override</source>
        <translation>glibc 版本覆盖</translation>
    </message>
    <message>
        <source>Sets CONDA_OVERRIDE_GLIBC: the __glibc version solves use, e.g. 2.28</source>
        <translation>设置 CONDA_OVERRIDE_GLIBC：求解时使用的 __glibc 版本，例如 2.28</translation>
    </message>
    <message>
        <source>&amp;archspec:</source>
        <translation>archspec(&amp;A)：</translation>
    </message>
    <message>
        <source>CPU microarchitecture override</source>
        <translation>CPU 微架构覆盖</translation>
    </message>
    <message>
        <source>Sets CONDA_OVERRIDE_ARCHSPEC: the __archspec build solves use, e.g. x86_64_v3</source>
        <translation>设置 CONDA_OVERRIDE_ARCHSPEC：求解时使用的 __archspec 构建，例如 x86_64_v3</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Use these values in every solve until Envdesk closes</source>
        <translation>在 Envdesk 关闭前的每次求解中使用这些值</translation>
    </message>
    <message>
        <source>Apply the override</source>
        <translation>应用覆盖</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Go back to the values detected on this machine</source>
        <translation>恢复为在本机检测到的值</translation>
    </message>
    <message>
        <source>Reset the override</source>
        <translation>重置覆盖</translation>
    </message>
    <message>
        <source>For this session only: the values are set as CONDA_OVERRIDE_CUDA, CONDA_OVERRIDE_GLIBC and CONDA_OVERRIDE_ARCHSPEC for Envdesk&apos;s own solves until it closes. Leave a field empty to use the detected value.</source>
        <translation>仅限本次会话：在 Envdesk 关闭前，这些值会设为 CONDA_OVERRIDE_CUDA、CONDA_OVERRIDE_GLIBC 和 CONDA_OVERRIDE_ARCHSPEC，供 Envdesk 自身的求解使用。字段留空则使用检测到的值。</translation>
    </message>
    <message>
        <source>What to install</source>
        <translation>安装建议</translation>
    </message>
    <message>
        <source>PyTorch builds that fit:</source>
        <translation>适用的 PyTorch 构建：</translation>
    </message>
    <message>
        <source>TensorFlow builds that fit:</source>
        <translation>适用的 TensorFlow 构建：</translation>
    </message>
    <message>
        <source>The framework the new environment gets</source>
        <translation>新环境中要安装的框架</translation>
    </message>
    <message>
        <source>Framework for the GPU environment</source>
        <translation>GPU 环境的框架</translation>
    </message>
    <message>
        <source>Create a GPU environment…</source>
        <translation>创建 GPU 环境…</translation>
    </message>
    <message>
        <source>Create a GPU environment</source>
        <translation>创建 GPU 环境</translation>
    </message>
    <message>
        <source>Saved answer from earlier this boot</source>
        <translation>本次开机后早先保存的结果</translation>
    </message>
    <message>
        <source>Checked at %1</source>
        <translation>检测于 %1</translation>
    </message>
    <message>
        <source>No GPU information: the GPU probe is missing (%1). Reinstalling Envdesk should bring it back.</source>
        <translation>没有 GPU 信息：缺少 GPU 探测程序（%1）。重新安装 Envdesk 应可恢复。</translation>
    </message>
    <message>
        <source>No GPU information: the GPU probe could not run (%1).</source>
        <translation>没有 GPU 信息：GPU 探测程序无法运行（%1）。</translation>
    </message>
    <message>
        <source>The driver reports no GPU.</source>
        <translation>驱动报告没有 GPU。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: the driver did not answer in time, so the check was stopped. A hung driver often needs a restart of the computer.</source>
        <translation>未找到 NVIDIA GPU：驱动未能及时响应，检测已停止。驱动卡死时通常需要重启计算机。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: the driver crashed when asked. Reinstalling or updating the NVIDIA driver may help.</source>
        <translation>未找到 NVIDIA GPU：查询时驱动崩溃。重新安装或更新 NVIDIA 驱动可能会有帮助。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: no NVIDIA driver is installed on this computer. Environments will use CPU builds.</source>
        <translation>未找到 NVIDIA GPU：本机未安装 NVIDIA 驱动。环境将使用 CPU 构建。</translation>
    </message>
    <message>
        <source>No NVIDIA GPU found: an NVIDIA driver is installed but did not answer (it may not be loaded). See Details.</source>
        <translation>未找到 NVIDIA GPU：已安装 NVIDIA 驱动，但它没有响应（可能未加载）。请查看“详细信息”。</translation>
    </message>
    <message>
        <source>Highest CUDA version the driver supports: %1</source>
        <translation>驱动支持的最高 CUDA 版本：%1</translation>
    </message>
    <message>
        <source>Driver version not reported (%1 does not say)</source>
        <translation>未报告驱动版本（%1 未提供）</translation>
    </message>
    <message>
        <source>Driver %1</source>
        <translation>驱动 %1</translation>
    </message>
    <message>
        <source>Detected with %1</source>
        <translation>通过 %1 检测</translation>
    </message>
    <message numerus="yes">
        <source>(after %n other method(s) did not answer; see Details)</source>
        <translation>
            <numerusform>（此前有 %n 种其他方法未响应，请查看“详细信息”）</numerusform>
        </translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <source>Unnamed GPU</source>
        <translation>未命名 GPU</translation>
    </message>
    <message>
        <source>Memory unknown</source>
        <translation>显存未知</translation>
    </message>
    <message>
        <source>%1 memory</source>
        <translation>显存 %1</translation>
    </message>
    <message>
        <source>Compute capability unknown</source>
        <translation>计算能力未知</translation>
    </message>
    <message>
        <source>Compute capability %1</source>
        <translation>计算能力 %1</translation>
    </message>
    <message>
        <source>GPU %1: %2, %3, %4</source>
        <translation>GPU %1：%2，%3，%4</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已响应</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>崩溃</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>This answer was saved earlier this boot; Refresh asks the driver again.</source>
        <translation>此结果保存于本次开机后的早些时候；点击“刷新”会重新询问驱动。</translation>
    </message>
    <message>
        <source>Checking the machine…</source>
        <translation>正在检测本机…</translation>
    </message>
    <message>
        <source>Platform: %1</source>
        <translation>平台：%1</translation>
    </message>
    <message>
        <source>Removed by %1 (empty), this session</source>
        <translation>已被 %1（空值）移除，仅限本次会话</translation>
    </message>
    <message>
        <source>Removed by %1 (empty)</source>
        <translation>已被 %1（空值）移除</translation>
    </message>
    <message>
        <source>Detected</source>
        <translation>检测所得</translation>
    </message>
    <message>
        <source>Override: %1, this session</source>
        <translation>覆盖：%1，仅限本次会话</translation>
    </message>
    <message>
        <source>Override: %1</source>
        <translation>覆盖：%1</translation>
    </message>
    <message>
        <source>Not given to the solver: %1 is set to an empty value</source>
        <translation>未提供给求解器：%1 被设为空值</translation>
    </message>
    <message>
        <source>Ignored, because the value is not valid or not for %1: %2</source>
        <translation>已忽略，因为值无效或不适用于 %1：%2</translation>
    </message>
    <message>
        <source>none detected, e.g. 12.4</source>
        <translation>未检测到，例如 12.4</translation>
    </message>
    <message>
        <source>detected: %1</source>
        <translation>检测值：%1</translation>
    </message>
    <message>
        <source>e.g. 2.28</source>
        <translation>例如 2.28</translation>
    </message>
    <message>
        <source>e.g. x86_64_v3</source>
        <translation>例如 x86_64_v3</translation>
    </message>
    <message>
        <source>CONDA_OVERRIDE_CUDA removes __cuda: only CPU builds fit.</source>
        <translation>CONDA_OVERRIDE_CUDA 移除了 __cuda：只能使用 CPU 构建。</translation>
    </message>
    <message>
        <source>Without a CUDA driver only CPU builds fit.</source>
        <translation>没有 CUDA 驱动，只能使用 CPU 构建。</translation>
    </message>
    <message>
        <source>For CUDA %1, from CONDA_OVERRIDE_CUDA:</source>
        <translation>针对 CUDA %1（来自 CONDA_OVERRIDE_CUDA）：</translation>
    </message>
    <message>
        <source>For the driver&apos;s CUDA %1:</source>
        <translation>针对驱动的 CUDA %1：</translation>
    </message>
    <message>
        <source>CUDA toolkits this driver runs in full</source>
        <translation>此驱动可完整运行的 CUDA 工具包</translation>
    </message>
    <message>
        <source>%1 also works through CUDA minor version compatibility, except kernels shipped only as PTX for a newer release.</source>
        <translation>借助 CUDA 次版本兼容性，%1 也可使用，但仅以 PTX 形式为更新版本提供的内核除外。</translation>
    </message>
    <message>
        <source>Needs a CUDA driver, or a CUDA version in the override above</source>
        <translation>需要 CUDA 驱动，或在上方的覆盖设置中填写 CUDA 版本</translation>
    </message>
    <message>
        <source>Open the create dialog with %1</source>
        <translation>以 %1 打开创建对话框</translation>
    </message>
    <message>
        <source>“%1” is not a CPU name such as %2</source>
        <translation>“%1”不是有效的 CPU 名称（例如 %2）</translation>
    </message>
    <message>
        <source>“%1” is not a version such as %2</source>
        <translation>“%1”不是有效的版本号（例如 %2）</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::MainWindow</name>
    <message>
        <source>Places</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>No tasks running</source>
        <translation>没有正在运行的任务</translation>
    </message>
    <message>
        <source>Environments</source>
        <extracomment>A place in the navigation rail: the list of conda environments.</extracomment>
        <translation>环境</translation>
    </message>
    <message>
        <source>Your conda environments and their packages</source>
        <translation>conda 环境及其软件包</translation>
    </message>
    <message>
        <source>Compare</source>
        <extracomment>A place in the navigation rail, where two environments are compared (a noun here).</extracomment>
        <translation>对比</translation>
    </message>
    <message>
        <source>Compare two environments or environment files</source>
        <translation>对比两个环境或环境文件</translation>
    </message>
    <message>
        <source>Machine</source>
        <extracomment>A place in the navigation rail: this computer, its GPUs and CUDA driver.</extracomment>
        <translation>本机</translation>
    </message>
    <message>
        <source>This computer&apos;s GPUs, CUDA driver and virtual packages</source>
        <translation>本机的 GPU、CUDA 驱动和虚拟包</translation>
    </message>
    <message>
        <source>Channels</source>
        <extracomment>A place in the navigation rail: conda channels (package sources) and mirrors.</extracomment>
        <translation>频道</translation>
    </message>
    <message>
        <source>Channels, mirrors and proxy settings</source>
        <translation>频道、镜像和代理设置</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Envdesk</source>
        <translation>关于 Envdesk(&amp;A)</translation>
    </message>
    <message>
        <source>About Envdesk</source>
        <translation>关于 Envdesk</translation>
    </message>
    <message>
        <source>A desktop manager for conda environments: create them, see what is in them, compare them and rebuild them exactly, through the channels and mirrors you choose.&lt;br&gt;&lt;br&gt;Built with Qt %1, running on Qt %2.</source>
        <translation>conda 环境的桌面管理器：创建环境、查看环境内容、对比环境，并通过所选的频道和镜像精确重建环境。&lt;br&gt;&lt;br&gt;基于 Qt %1 构建，运行于 Qt %2。</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Envdesk will use %1 the next time it starts.</source>
        <translation>Envdesk 下次启动时将使用%1。</translation>
    </message>
    <message>
        <source>The choice could not be saved in %1: %2</source>
        <translation>无法将此选择保存到 %1：%2</translation>
    </message>
    <message>
        <source>Saved in %1; the Channels page can change it.</source>
        <translation>已保存到 %1；可在“频道”页面更改。</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Report a Problem…</source>
        <translation>报告问题(&amp;R)…</translation>
    </message>
    <message>
        <source>User Guide</source>
        <translation>用户指南</translation>
    </message>
    <message>
        <source>The user guide is not installed with this copy of Envdesk.</source>
        <translation>此 Envdesk 副本未安装用户指南。</translation>
    </message>
    <message>
        <source>No program here opens %1; open it with a text editor.</source>
        <translation>没有可打开 %1 的程序；请用文本编辑器打开。</translation>
    </message>
    <message>
        <source>&amp;Reload Channels</source>
        <translation>重新读取频道(&amp;R)</translation>
    </message>
    <message>
        <source>Read every channel again from its server, not from what this session already loaded</source>
        <translation>从服务器重新读取每个频道，而不用本次会话已读取的内容</translation>
    </message>
    <message>
        <source>Storage</source>
        <extracomment>A place in the navigation rail: the package caches on disk and cleaning them.</extracomment>
        <translation>存储</translation>
    </message>
    <message>
        <source>The package caches: their size, and what cleaning would free</source>
        <translation>软件包缓存：其大小，以及清理可释放的空间</translation>
    </message>
    <message>
        <source>&amp;Environment</source>
        <translation>环境(&amp;E)</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::NetworkStatus</name>
    <message>
        <source>Work &amp;Offline</source>
        <translation>离线工作(&amp;O)</translation>
    </message>
    <message>
        <source>Use only what is cached: channel indexes from the repodata cache and packages from the package cache. Nothing is downloaded.</source>
        <translation>只使用已缓存的内容：频道索引来自 repodata 缓存，软件包来自软件包缓存。不下载任何内容。</translation>
    </message>
    <message>
        <source>Offline: channels and packages come from the caches only.</source>
        <translation>离线：频道和软件包只来自缓存。</translation>
    </message>
    <message>
        <source>Not answering: %1. Cached channel data is used where there is some. &lt;a href=&quot;retry&quot;&gt;Try again&lt;/a&gt;</source>
        <translation>无响应：%1。有缓存的频道数据时使用缓存。&lt;a href=&quot;retry&quot;&gt;重试&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::PackageTableModel</name>
    <message>
        <source>You asked for %1</source>
        <translation>你请求的是 %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>%1 and %2 more</source>
        <translation>%1 等另外 %2 个</translation>
    </message>
    <message>
        <source>Needed by %1</source>
        <translation>被 %1 依赖</translation>
    </message>
    <message>
        <source>needed by %1</source>
        <translation>被 %1 依赖</translation>
    </message>
    <message>
        <source>Nothing installed needs it, and it was not asked for by name</source>
        <translation>没有已安装的软件包需要它，也没有按名称请求过它</translation>
    </message>
    <message>
        <source>install %1</source>
        <translation>安装 %1</translation>
    </message>
    <message>
        <source>update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Why installed</source>
        <translation>安装原因</translation>
    </message>
    <message>
        <source>Marked</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>%1 %2 (build %3) is available from %4</source>
        <translation>可从 %4 获取 %1 %2（构建 %3）</translation>
    </message>
    <message>
        <source>The newest version the channels have</source>
        <translation>频道中的最新版本</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>Home page: %1</source>
        <translation>主页：%1</translation>
    </message>
    <message>
        <source>Licence: %1</source>
        <translation>许可证：%1</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Pinned: %1 (conda-meta/pinned)</source>
        <translation>已固定：%1（conda-meta/pinned）</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>固定</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::ProblemTreeModel</name>
    <message>
        <source>Why the request cannot be solved</source>
        <translation>请求无法求解的原因</translation>
    </message>
    <message>
        <source>requires %1</source>
        <translation>需要 %1</translation>
    </message>
    <message>
        <source>You asked for %1</source>
        <translation>你请求的是 %1</translation>
    </message>
    <message>
        <source>Use %1 %2</source>
        <translation>使用 %1 %2</translation>
    </message>
    <message>
        <source>Cannot have %1 together: their requirements on %2 conflict</source>
        <translation>无法同时安装 %1：它们对 %2 的要求相互冲突</translation>
    </message>
    <message>
        <source>Cannot install %1: no version of %2 meets all its requirements</source>
        <translation>无法安装 %1：%2 没有任何版本能满足全部要求</translation>
    </message>
    <message>
        <source>No version of %1 meets every requirement</source>
        <translation>%1 没有任何版本能满足全部要求</translation>
    </message>
    <message>
        <source>No channel has any version of %1</source>
        <translation>所有频道中都没有 %1 的任何版本</translation>
    </message>
    <message>
        <source>Available: %1</source>
        <translation>可用版本：%1</translation>
    </message>
    <message>
        <source>%1 %2 works with %3</source>
        <translation>%1 %2 与 %3 兼容</translation>
    </message>
    <message>
        <source>No version of %1 works with %2</source>
        <translation>%1 没有任何版本与 %2 兼容</translation>
    </message>
    <message>
        <source>Nothing provides %1</source>
        <translation>没有软件包提供 %1</translation>
    </message>
    <message>
        <source>No package in the channels matches %1</source>
        <translation>频道中没有与 %1 匹配的软件包</translation>
    </message>
    <message>
        <source>Pinned to %1</source>
        <translation>已固定为 %1</translation>
    </message>
    <message>
        <source>Pinned to %1; the request would take %2 %3</source>
        <translation>已固定为 %1；本次请求需要 %2 %3</translation>
    </message>
    <message>
        <source>The environment keeps Python %1: its series does not change unless you ask for python</source>
        <translation>环境保持 Python %1：除非你明确请求 python，否则其版本系列不会改变</translation>
    </message>
    <message>
        <source>The environment keeps Python %1 (its series does not change unless you ask for python); the request would take %2 %3</source>
        <translation>环境保持 Python %1（除非你明确请求 python，否则其版本系列不会改变）；该请求将使用 %2 %3</translation>
    </message>
    <message>
        <source>Allow another Python</source>
        <translation>允许更换 Python 版本</translation>
    </message>
    <message>
        <source>Unpin %1 in the package list (conda-meta/pinned), or take it out of pinned_packages in .condarc, to let this change move it.</source>
        <translation>在软件包列表中取消固定 %1（conda-meta/pinned），或将其从 .condarc 的 pinned_packages 中移除，以便此次变更可以改动它。</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::ReportProblemDialog</name>
    <message>
        <source>Report a problem</source>
        <translation>报告问题</translation>
    </message>
    <message>
        <source>Say what you did, what you expected and what happened instead, and add the details below.</source>
        <translation>请说明你做了什么、期望得到什么结果以及实际发生了什么，并附上下方的详细信息。</translation>
    </message>
    <message>
        <source>Send them to whoever gave you Envdesk (the package&apos;s maintainer or your administrator).</source>
        <translation>请将其发送给向你提供 Envdesk 的人（软件包维护者或你的管理员）。</translation>
    </message>
    <message>
        <source>Send them to %1.</source>
        <translation>请将其发送到 %1。</translation>
    </message>
    <message>
        <source>Details to send</source>
        <translation>要发送的详细信息</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>复制详细信息(&amp;C)</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::StoragePage</name>
    <message>
        <source>Measuring the package caches…</source>
        <translation>正在测量软件包缓存…</translation>
    </message>
    <message>
        <source>The configuration cannot be read: %1</source>
        <translation>无法读取配置：%1</translation>
    </message>
    <message>
        <source>not made yet</source>
        <translation>尚未创建</translation>
    </message>
    <message>
        <source>1 package, %1</source>
        <translation>1 个软件包，%1</translation>
    </message>
    <message>
        <source>%1 packages, %2</source>
        <translation>%1 个软件包，%2</translation>
    </message>
    <message>
        <source>Files that environments link to (hard links): they take their space once, whichever environments use them.</source>
        <translation>被环境链接（硬链接）的文件：无论多少环境使用，都只占用一份空间。</translation>
    </message>
    <message>
        <source>1 archive, %1</source>
        <translation>1 个归档文件，%1</translation>
    </message>
    <message>
        <source>%1 archives, %2</source>
        <translation>%1 个归档文件，%2</translation>
    </message>
    <message>
        <source>Read-only or shared: cleaning leaves it alone.</source>
        <translation>只读或共享：清理不会改动它。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Package archives</source>
        <translation>软件包归档文件</translation>
    </message>
    <message>
        <source>Packages no environment uses</source>
        <translation>没有环境使用的软件包</translation>
    </message>
    <message>
        <source>Channel index caches (fetched again when needed)</source>
        <translation>频道索引缓存（需要时会重新获取）</translation>
    </message>
    <message>
        <source>Log files</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <source>Cleaning the checked sections frees %1.</source>
        <translation>清理选中的部分可释放 %1。</translation>
    </message>
    <message>
        <source>1 item is kept: another process is using it.</source>
        <translation>保留 1 项：另一个进程正在使用它。</translation>
    </message>
    <message>
        <source>%1 items are kept: another process is using them.</source>
        <translation>保留 %1 项：另一个进程正在使用它们。</translation>
    </message>
    <message>
        <source>Cleaning…</source>
        <translation>正在清理…</translation>
    </message>
    <message>
        <source>Removing %1</source>
        <translation>正在移除 %1</translation>
    </message>
    <message>
        <source>Freed %1.</source>
        <translation>已释放 %1。</translation>
    </message>
    <message>
        <source>Stopped. What was removed stays removed.</source>
        <translation>已停止。已移除的内容不会恢复。</translation>
    </message>
    <message>
        <source>Package caches</source>
        <translation>软件包缓存</translation>
    </message>
    <message>
        <source>What cleaning would free</source>
        <translation>清理可释放的空间</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>软件包</translation>
    </message>
    <message>
        <source>Shared with environments</source>
        <translation>与环境共享</translation>
    </message>
    <message>
        <source>Archives</source>
        <translation>归档文件</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Clean</source>
        <translation>清理</translation>
    </message>
    <message>
        <source>Remove the checked sections above</source>
        <translation>移除上方选中的部分</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stopping after the item being removed…</source>
        <translation>将在移除当前项目后停止…</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::Units</name>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::VersionChooserDialog</name>
    <message>
        <source>Choose a version of %1</source>
        <translation>选择 %1 的版本</translation>
    </message>
    <message>
        <source>Filter: 1.26, &gt;=1.20,&lt;2 or a build such as py312</source>
        <translation>筛选：1.26、&gt;=1.20,&lt;2 或构建（如 py312）</translation>
    </message>
    <message>
        <source>Show all builds</source>
        <translation>显示所有构建</translation>
    </message>
    <message>
        <source>Expand every version to list its builds</source>
        <translation>展开每个版本以列出其构建</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Loading the versions of %1…</source>
        <translation>正在加载 %1 的版本…</translation>
    </message>
    <message>
        <source>Could not load the versions of %1: %2</source>
        <translation>无法加载 %1 的版本：%2</translation>
    </message>
    <message>
        <source>No channel has %1.</source>
        <translation>所有频道中都没有 %1。</translation>
    </message>
    <message>
        <source>No version matches “%1”.</source>
        <translation>没有与“%1”匹配的版本。</translation>
    </message>
    <message>
        <source>1 version available</source>
        <translation>1 个可用版本</translation>
    </message>
    <message>
        <source>%1 versions available</source>
        <translation>%1 个可用版本</translation>
    </message>
    <message>
        <source>%1 · installed: %2 (%3)</source>
        <translation>%1 · 已安装：%2 (%3)</translation>
    </message>
</context>
<context>
    <name>envdesk::ui::VersionListModel</name>
    <message>
        <source>1 build</source>
        <translation>1 个构建</translation>
    </message>
    <message>
        <source>%1 builds</source>
        <translation>%1 个构建</translation>
    </message>
    <message>
        <source>%1 (installed)</source>
        <translation>%1（已安装）</translation>
    </message>
    <message>
        <source>%1, build number %2</source>
        <translation>%1，构建号 %2</translation>
    </message>
    <message>
        <source>Version / build</source>
        <translation>版本 / 构建</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Show the interface in this language, for example zh_CN, instead of the one from the system or $LANGUAGE.</source>
        <translation>以指定的语言（例如 zh_CN）显示界面，而不使用系统或 $LANGUAGE 中的语言。</translation>
    </message>
    <message>
        <source>locale</source>
        <translation>语言区域</translation>
    </message>
    <message>
        <source>A desktop manager for conda environments.</source>
        <translation>conda 环境的桌面管理器。</translation>
    </message>
    <message>
        <source>Compare the files given (two of them, or one to compare with something chosen in the window).</source>
        <translation>对比给出的文件（两个文件；或一个文件，再在窗口中选择另一方进行对比）。</translation>
    </message>
    <message>
        <source>An environment.yml, explicit or conda-lock file to make an environment from; two files are compared.</source>
        <translation>用于创建环境的 environment.yml、显式或 conda-lock 文件；给出两个文件时进行对比。</translation>
    </message>
</context>
</TS>
