<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
