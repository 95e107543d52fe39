<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>envdesk::ui::ChangeDialog</name>
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
        <source>Done: %1 is up to date.</source>
        <translation>完成：%1 已更新。</translation>
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
</context>
<context>
    <name>envdesk::ui::CreateEnvironmentDialog</name>
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
        <source>A name cannot hold &apos;/&apos;, &apos; &apos;, &apos;:&apos;, &apos;#&apos; or &apos;\&apos;.</source>
        <translation>名称不能包含 &apos;/&apos;、&apos; &apos;、&apos;:&apos;、&apos;#&apos; 或 &apos;\&apos;。</translation>
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
        <source>These packages cannot be installed together:
%1</source>
        <translation>这些软件包无法同时安装：
%1</translation>
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
        <source>Other environments</source>
        <translation>其他环境</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
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
        <source>Mark the selected packages for update</source>
        <translation>将所选软件包标记为更新</translation>
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
        <source>Apply (%1)</source>
        <translation>应用（%1）</translation>
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
        <source>Your conda environments will be listed here, grouped by installation, with the packages, files and history of the one you select.</source>
        <translation>这里将按安装位置分组列出 conda 环境，并显示所选环境的软件包、文件和历史记录。</translation>
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
        <source>Two environments or environment files will be compared here, package by package: what was added, removed, upgraded, downgraded or rebuilt.</source>
        <translation>这里将逐个软件包对比两个环境或环境文件：哪些被添加、移除、升级、降级或重新构建。</translation>
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
        <source>This computer&apos;s GPUs, the highest CUDA version its driver supports and the virtual packages the solver will use will be shown here.</source>
        <translation>这里将显示本机的 GPU、驱动支持的最高 CUDA 版本，以及求解器将使用的虚拟包。</translation>
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
        <source>The channels and mirrors packages come from, such as TUNA, will be set up here, with where each channel really resolves and how fast it answers.</source>
        <translation>这里将设置软件包来源的频道和镜像（例如 TUNA），并显示每个频道实际解析到的地址及其响应速度。</translation>
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
</context>
</TS>
