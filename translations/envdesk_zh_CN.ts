<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
</context>
<context>
    <name>envdesk::ui::EnvironmentsPage</name>
    <message>
        <source>Looking for environments…</source>
        <translation>正在查找环境…</translation>
    </message>
    <message>
        <source>No environments found. Create one with envdesk-cli create, or point envs_dirs in .condarc at where yours are.</source>
        <translation>未找到环境。可用 envdesk-cli create 创建一个，或在 .condarc 的 envs_dirs 中指向你的环境所在位置。</translation>
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
        <source>Installed as a dependency</source>
        <translation>作为依赖安装</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
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
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Requested as</source>
        <translation>请求规范</translation>
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
