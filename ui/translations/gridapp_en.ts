<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>gridapp</name>
    <message>
      <location filename="../app.py" line="135" />
      <source>没有站点</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../app.py" line="136" />
      <source>数据目录
{dir}
中没有站点。

要在这里创建演示站点（含 {n} 件演示案件）吗？
如果目录写错了，请选择“退出”：程序将退出，不创建任何文件。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../app.py" line="139" />
      <source>创建演示站点</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../app.py" line="141" />
      <source>退出</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../app.py" line="161" />
      <source>城管网格执法助手</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../app.py" line="240" />
      <source>正在打开站点：先备份数据库，再检查是否需要升级…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../app.py" line="270" />
      <source>首次启动：正在创建演示站点和 {n} 件演示案件…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="60" />
      <source>案件编号</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="60" />
      <source>发现时间</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="60" />
      <source>状态</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="60" />
      <source>预警</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="60" />
      <source>违法行为</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="61" />
      <source>当事人</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="61" />
      <source>地点</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="61" />
      <source>网格</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="61" />
      <source>来源</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="206" />
      <source>（逾期）</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_model.py" line="225" />
      <source>已超过整改或办理期限</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../errors.py" line="37" />
      <source>详细信息已写入日志：{path}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../errors.py" line="38" />
      <source>程序内部出现错误，操作未完成。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../errors.py" line="63" />
      <source>错误</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="52" />
      <source>今日待办</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="52" />
      <source>我的案件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="52" />
      <source>全部案件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="52" />
      <source>法规库</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="53" />
      <source>同步</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="129" />
      <source>文件(&amp;F)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="130" />
      <source>新建案件(&amp;N)…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="132" />
      <source>关闭案件(&amp;W)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="133" />
      <source>保存(&amp;S)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="139" />
      <source>退出(&amp;X)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="142" />
      <source>查看(&amp;V)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="147" />
      <source>搜索案件(&amp;F)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="149" />
      <source>刷新(&amp;R)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="151" />
      <source>转到导航(&amp;D)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="153" />
      <source>设置(&amp;S)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="154" />
      <source>界面语言(&amp;L)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="163" />
      <source>帮助(&amp;H)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="164" />
      <source>关于(&amp;A)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="233" />
      <source>无法读取站点状态</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="237" />
      <source>城管网格执法助手 — {station}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="238" />
      <source>站点：{name}　规则包：{pack} {version}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="240" />
      <source>待同步更改：{n}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="247" />
      <source>执法人员：{name}（{badge}）</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="258" />
      <source>界面语言</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="259" />
      <source>界面语言将在重新启动程序后生效。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="263" />
      <source>关于</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../main_window.py" line="264" />
      <source>城管网格执法助手（gridapp）
离线优先的案件登记、证据与执法文书工具。
数据目录：{path}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../message_bar.py" line="32" />
      <source>关闭提示（Esc）</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="52" />
      <source>（有前案）</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="57" />
      <source>发现日期</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="69" />
      <source>该当事人有在先违法记录</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="75" />
      <source>承办人</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="111" />
      <source>搜索案件编号、当事人、地点、违法事实（Ctrl+F）</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="121" />
      <source>全部状态</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="122" />
      <source>全部预警</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="123" />
      <source>全部网格</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="124" />
      <source>全部来源</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="125" />
      <source>全部人员</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="129" />
      <source>仅看逾期(&amp;O)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="133" />
      <source>搜索(&amp;S)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="140" />
      <source>状态(&amp;T)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="140" />
      <source>预警(&amp;W)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="141" />
      <source>网格(&amp;G)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="141" />
      <source>来源(&amp;Y)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="142" />
      <source>人员(&amp;P)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="142" />
      <source>日期从(&amp;D)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="143" />
      <source>至：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="175" />
      <source>不限</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="188" />
      <source>无法读取筛选条件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="236" />
      <source>无法统计案件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="240" />
      <source>无法查询案件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="250" />
      <source>正在统计…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/cases.py" line="251" />
      <source>共 {total} 件，已显示 {shown} 件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="28" />
      <source>名称/姓名</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="29" />
      <source>类型</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="30" />
      <source>证件号码</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="31" />
      <source>案件数</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="32" />
      <source>最近案件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="43" />
      <source>处理结果</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="56" />
      <source>按名称、身份证号/统一社会信用代码或电话查找当事人</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="67" />
      <source>选择一个当事人查看其案件。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="92" />
      <source>无法查询当事人</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="105" />
      <source>无法读取当事人的案件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/parties.py" line="108" />
      <source>{name} 的案件（{n} 件）：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/placeholders.py" line="15" />
      <source>法规库

法律法规全文将随文书功能一起提供。
在此之前，违法行为的违反条款和处罚依据可在新建案件时查看。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/placeholders.py" line="37" />
      <source>同步

本机尚未连接总部，所有数据都保存在本机。
待同步的更改：{n} 条。
连接总部的功能将在同步功能中提供。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="24" />
      <source>逾期 {n} 天</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="25" />
      <source>今日到期</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="25" />
      <source>整改复查</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="26" />
      <source>新分派</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="34" />
      <source>类别</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="35" />
      <source>事项</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="36" />
      <source>期限</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="59" />
      <source>今天没有到期或逾期的事项。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="73" />
      <source>无法读取今日待办</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../pages/today.py" line="78" />
      <source>{name} 的今日待办：共 {n} 项，其中逾期 {overdue} 项</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../signin.py" line="54" />
      <source>选择执法人员</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../signin.py" line="57" />
      <source>站点：{station}
请选择本次使用的执法人员，所有操作将以其名义记录：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../signin.py" line="71" />
      <source>进入</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../signin.py" line="81" />
      <source>本站点没有在职的执法人员。请先用命令 gridapp officer add 添加。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../tasks.py" line="284" />
      <source>取消</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../tasks.py" line="285" />
      <source>请稍候</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="139" />
      <source>案件来源</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="140" />
      <source>这件案件是怎么发现的？</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="154" />
      <source>12345 工单号</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="165" />
      <source>工单号(&amp;K)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="166" />
      <source>发现时间(&amp;T)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="189" />
      <source>违法行为发生在哪里？</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="192" />
      <source>例如：上海市黄浦区南京东路100号门前</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="195" />
      <source>（未指定）</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="198" />
      <source>纬度，可不填，如 31.2353</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="201" />
      <source>经度，可不填，如 121.4840</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="203" />
      <source>地址(&amp;A)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="205" />
      <source>纬度(&amp;L)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="206" />
      <source>经度(&amp;O)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="225" />
      <source>输入关键字查找，选择一项违法行为。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="229" />
      <source>如：占道、设摊、广告、渣土</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="239" />
      <source>查找(&amp;F)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="240" />
      <source>违法行为(&amp;V)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="241" />
      <source>依据：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="271" />
      <source>违反：{violated}
处罚：{penalty}</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="283" />
      <source>先查找已登记的当事人，找不到再新建。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="286" />
      <source>已登记的当事人(&amp;E)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="286" />
      <source>新建当事人(&amp;W)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="287" />
      <source>暂不登记当事人(&amp;U)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="297" />
      <source>姓名/名称、身份证号/统一社会信用代码或电话</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="306" />
      <source>结果：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="317" />
      <source>18 位身份证号或统一社会信用代码，可不填</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="335" />
      <source>类型(&amp;K)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="336" />
      <source>姓名/名称(&amp;N)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="337" />
      <source>证件号码(&amp;I)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="338" />
      <source>电话(&amp;P)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="339" />
      <source>住址/住所(&amp;D)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="340" />
      <source>需关照情形：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="342" />
      <source>当事人可以在案件中以后再关联。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="361" />
      <source>没有找到，可以选择“新建当事人”。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="387" />
      <source>案情</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="388" />
      <source>按模板写明时间、地点、当事人和违法事实，可随时修改。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="393" />
      <source>套用模板(&amp;M)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="396" />
      <source>违法事实(&amp;C)：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="442" />
      <source>照片和其他证据</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="443" />
      <source>把照片拖到下面，或点击“添加文件”。登记后在后台导入，可以先不加。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="447" />
      <source>添加文件(&amp;A)…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="449" />
      <source>移除(&amp;R)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="463" />
      <source>登记案件(&amp;R)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="469" />
      <source>还有需要修改的地方，请返回相应步骤查看。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="474" />
      <source>选择证据文件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="495" />
      <source>已登记</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="513" />
      <source>案件编号：{number}
预警：{stage}
在先案件：{earlier} 件
免罚核查：{outcome}

点击“完成”打开案件，在“免罚核查”中逐项确认。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="528" />
      <source>新建案件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="543" />
      <source>下一步(&amp;N)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="544" />
      <source>上一步(&amp;B)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="546" />
      <source>完成并打开案件(&amp;F)</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="567" />
      <source>无法读取规则包</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="575" />
      <source>无法查找当事人</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="589" />
      <source>请输入数字，如 31.2353；不知道可以不填</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="637" />
      <source>无法检查输入</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="667" />
      <source>案件未能登记</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="682" />
      <source>正在导入 {n} 个文件…</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="692" />
      <source>已导入 {n} 个文件。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="694" />
      <source>未导入：</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="700" />
      <source>照片未能导入，可在案件的“证据”中重新添加。</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="701" />
      <source>照片未能导入</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="744" />
      <source>放弃登记</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="745" />
      <source>已填写的内容尚未登记，关闭后将丢失。确定放弃吗？</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="746" />
      <source>放弃</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../wizard.py" line="747" />
      <source>继续填写</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="146" />
      <source>未选择案件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="156" />
      <source>案件信息</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="158" />
      <source>三色预警</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="161" />
      <source>整改期限</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="162" />
      <source>结案时间</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="162" />
      <source>处置结果</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="163" />
      <source>违法事实</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="166" />
      <source>当事人与执法人员</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="169" />
      <source>联系电话</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="169" />
      <source>既往案件</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="170" />
      <source>执法人员</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="179" />
      <source>执法全过程记录</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="183" />
      <source>时间</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="183" />
      <source>操作</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="231" />
      <source>（未登记）</source>
      <translation type="unfinished" />
    </message>
    <message>
      <location filename="../case_detail.py" line="234" />
      <source>{n} 件</source>
      <translation type="unfinished" />
    </message>
  </context>
</TS>
