<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
  <context>
    <name>gridapp</name>
    <message>
      <location filename="../accounts.py" line="47" />
      <source>执法队员</source>
      <translation>Officer</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="47" />
      <source>中队长</source>
      <translation>Team lead</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="47" />
      <source>管理员</source>
      <translation>Administrator</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="71" />
      <source>修改密码</source>
      <translation>Change password</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="73" />
      <source>{name}（{badge}）修改自己的密码：</source>
      <translation>{name} ({badge}) changes their own password:</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="78" />
      <source>修改</source>
      <translation>Change</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="79" />
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="101" />
      <source>正在设置新密码…</source>
      <translation>Setting the new password…</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="110" />
      <source>密码已修改</source>
      <translation>Password changed</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="140" />
      <source>姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="141" />
      <source>执法证号</source>
      <translation>Badge number</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="142" />
      <source>角色</source>
      <translation>Role</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="145" />
      <source>确定</source>
      <translation>OK</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="166" />
      <source>账户管理</source>
      <translation>Accounts</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="171" />
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="171" />
      <source>密码</source>
      <translation>Password</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="178" />
      <source>添加执法人员…</source>
      <translation>Add officer…</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="179" />
      <source>修改…</source>
      <translation>Edit…</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="180" />
      <source>停用</source>
      <translation>Retire</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="181" />
      <source>重置密码</source>
      <translation>Reset password</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="195" />
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="198" />
      <source>无操作多久后锁定窗口（分钟，1–120）：</source>
      <translation>Lock the window after this many idle minutes (1–120):</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="205" />
      <source>关闭</source>
      <translation>Close</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="208" />
      <source>添加、修改、停用执法人员和重置密码需要中队长或管理员角色；新账户得到一个临时密码，首次登录时须更改。</source>
      <translation>Adding, editing and retiring officers and resetting passwords needs the team lead or administrator role; a new account gets a temporary password to be changed at its first sign-in.</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="235" />
      <source>在职</source>
      <translation>Active</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="235" />
      <source>已停用</source>
      <translation>Retired</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="236" />
      <source>已设置</source>
      <translation>Set</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="236" />
      <source>未设置</source>
      <translation>Not set</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="250" />
      <source>正在处理…</source>
      <translation>Working…</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="264" />
      <source>添加执法人员</source>
      <translation>Add officer</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="283" />
      <source>请先在表中选择一位执法人员</source>
      <translation>Select an officer in the table first</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="285" />
      <source>修改执法人员</source>
      <translation>Edit officer</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="298" />
      <source>已保存</source>
      <translation>Saved</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="306" />
      <source>停用执法人员</source>
      <translation>Retire officer</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="307" />
      <source>停用 {name}（{badge}）？停用后不能再登录和办案，已办案件和文书保留。</source>
      <translation>Retire {name} ({badge})? They can no longer sign in or act; their cases and documents stay.</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="341" />
      <source>{badge} 的临时密码：{password}（只显示这一次；请当面告知本人，首次登录时须更改）</source>
      <translation>Temporary password for {badge}: {password} (shown only this once; tell the officer in person; it must be changed at the first sign-in)</translation>
    </message>
    <message>
      <location filename="../accounts.py" line="353" />
      <source>空闲锁定时间已设为 {n} 分钟</source>
      <translation>Idle lock set to {n} minutes</translation>
    </message>
    <message>
      <location filename="../app.py" line="160" />
      <source>没有站点</source>
      <translation>No station</translation>
    </message>
    <message>
      <location filename="../app.py" line="161" />
      <source>数据目录
{dir}
中没有站点。

要在这里创建演示站点（含 {n} 件演示案件）吗？
如果目录写错了，请选择“退出”：程序将退出，不创建任何文件。</source>
      <translation>The data folder
{dir}
holds no station.

Create a demo station here (with {n} demo cases)?
If the folder is mistyped, choose “Quit”: the program ends without creating any file.</translation>
    </message>
    <message>
      <location filename="../app.py" line="164" />
      <source>创建演示站点</source>
      <translation>Create demo station</translation>
    </message>
    <message>
      <location filename="../app.py" line="166" />
      <source>退出</source>
      <translation>Quit</translation>
    </message>
    <message>
      <location filename="../app.py" line="209" />
      <source>城管网格执法助手</source>
      <translation>Grid Enforcement Assistant</translation>
    </message>
    <message>
      <location filename="../app.py" line="350" />
      <source>加密站点（{name}）</source>
      <translation>Encrypted station ({name})</translation>
    </message>
    <message>
      <location filename="../app.py" line="387" />
      <source>正在打开站点：先备份数据库，再检查是否需要升级…</source>
      <translation>Opening the station: backing up the database, then checking for upgrades…</translation>
    </message>
    <message>
      <location filename="../app.py" line="448" />
      <source>首次启动：正在创建演示站点和 {n} 件演示案件…</source>
      <translation>First start: creating the demo station and {n} demo cases…</translation>
    </message>
    <message>
      <location filename="../app.py" line="578" />
      <source>无法读取空闲锁定时间</source>
      <translation>Could not read the idle lock time</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="48" />
      <source>选择加入本案的执法人员：</source>
      <translation>Choose the officer to add to this case:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="62" />
      <source>更改案件状态</source>
      <translation>Change case status</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="64" />
      <source>将案件 {number} 改为“{status}”。</source>
      <translation>Change case {number} to “{status}”.</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="83" />
      <source>处置方式(&amp;D)：</source>
      <translation>&amp;Disposition:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="85" />
      <source>理由(&amp;R)：</source>
      <translation>&amp;Reason:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="98" />
      <source>请填写理由</source>
      <translation>Please give a reason</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="140" />
      <source>查看违反条款</source>
      <translation>Violated article</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="143" />
      <source>查看处罚依据</source>
      <translation>Penalty article</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="154" />
      <source>添加执法人员(&amp;O)…</source>
      <translation>Add &amp;officer…</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="162" />
      <source>案件信息：</source>
      <translation>Case:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="163" />
      <source>执法人员：</source>
      <translation>Officers:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="165" />
      <source>违法行为(&amp;V)：</source>
      <translation>&amp;Violation:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="166" />
      <source>地址(&amp;A)：</source>
      <translation>&amp;Address:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="167" />
      <source>网格(&amp;G)：</source>
      <translation>&amp;Grid:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="168" />
      <source>纬度：</source>
      <translation>Latitude:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="169" />
      <source>经度：</source>
      <translation>Longitude:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="170" />
      <source>违法事实(&amp;C)：</source>
      <translation>Fa&amp;cts:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="188" />
      <source>保存修改(&amp;S)</source>
      <translation>&amp;Save changes</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="191" />
      <source>撤销修改</source>
      <translation>Undo changes</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="199" />
      <source>状态：</source>
      <translation>Status:</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="224" />
      <source>无法读取规则包</source>
      <translation>Cannot read the rule pack</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="230" />
      <source>（未指定）</source>
      <translation>(not set)</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="256" />
      <source>无法读取可用的状态</source>
      <translation>Cannot read the possible status changes</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="277" />
      <source>{number}　来源：{source}　发现时间：{opened}　状态：{status}</source>
      <translation>{number}   Source: {source}   Found: {opened}   Status: {status}</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="283" />
      <source>　&lt;span style='color:#c0392b'&gt;执法人员不得少于两人，作出决定前请添加&lt;/span&gt;</source>
      <translation>　&lt;span style='color:#c0392b'&gt;At least two officers are required; add one before any decision&lt;/span&gt;</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="312" />
      <source>本站所有在岗执法人员都已在本案中</source>
      <translation>Every active officer of the station is already on this case</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="322" />
      <source>已将 {name} 加入本案</source>
      <translation>{name} added to the case</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="323" />
      <source>无法添加执法人员</source>
      <translation>Cannot add the officer</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="326" />
      <source>无法读取执法人员</source>
      <translation>Cannot read the officers</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="339" />
      <source>请输入数字，如 31.2353；不知道可以不填</source>
      <translation>Enter a number such as 31.2353, or leave it empty</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="385" />
      <source>修改未保存</source>
      <translation>Changes not saved</translation>
    </message>
    <message>
      <location filename="../case_view/basic.py" line="402" />
      <source>状态未更改</source>
      <translation>Status not changed</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="62" />
      <source>核查结果</source>
      <translation>Result</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="68" />
      <source>说理要点（可向当事人宣读）</source>
      <translation>What to explain (to read out to the party)</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="73" />
      <source>保存核查结果(&amp;K)</source>
      <translation>Save chec&amp;k result</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="96" />
      <source>无法读取免罚核查</source>
      <translation>Cannot read the exemption check</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="105" />
      <source>核查事项</source>
      <translation>Question</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="105" />
      <source>回答</source>
      <translation>Answer</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="105" />
      <source>依据来源</source>
      <translation>Source</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="106" />
      <source>说明</source>
      <translation>Notes</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="116" />
      <source>已保存：{who}　{when}</source>
      <translation>Saved: {who}   {when}</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="119" />
      <source>尚未保存</source>
      <translation>Not saved yet</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="129" />
      <source>是</source>
      <translation>Yes</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="130" />
      <source>否</source>
      <translation>No</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="131" />
      <source>待回答</source>
      <translation>Open</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="136" />
      <source>（临时）</source>
      <translation> (provisional)</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="138" />
      <source>，已确认</source>
      <translation>, confirmed</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="149" />
      <source>（尚无结论）</source>
      <translation>(no result yet)</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="151" />
      <source>预警等级：{stage}</source>
      <translation>Warning level: {stage}</translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="153" />
      <source>理由：</source>
      <translation>Reasons: </translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="155" />
      <source>依据：</source>
      <translation>Legal basis: </translation>
    </message>
    <message>
      <location filename="../case_view/checklist.py" line="179" />
      <source>核查结果未保存</source>
      <translation>Check result not saved</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="81" />
      <source>（已撤回）</source>
      <translation> (withdrawn)</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="89" />
      <source>导入理由：{reason}</source>
      <translation>Reason for importing: {reason}</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="133" />
      <source>撤回理由：{reason}</source>
      <translation>Withdrawn because: {reason}</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="168" />
      <source>证据 {label}</source>
      <translation>Evidence {label}</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="169" />
      <source>正在载入…</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="176" />
      <source>无</source>
      <translation>None</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="177" />
      <source>不明</source>
      <translation>Unknown</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="182" />
      <source>文件</source>
      <translation>File</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="183" />
      <source>形成时间</source>
      <translation>Date created</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="184" />
      <source>录制时间</source>
      <translation>Recorded at</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="184" />
      <source>拍摄时间</source>
      <translation>Taken</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="186" />
      <source>GPS 位置</source>
      <translation>GPS position</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="187" />
      <source>SHA-256</source>
      <translation>SHA-256</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="188" />
      <source>导入</source>
      <translation>Imported</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="189" />
      <source>已撤回：{reason}</source>
      <translation>Withdrawn: {reason}</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="190" />
      <source>有效</source>
      <translation>Valid</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="191" />
      <source>导入提示</source>
      <translation>Import warnings</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="206" />
      <source>上一页</source>
      <translation>Previous page</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="208" />
      <source>下一页</source>
      <translation>Next page</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="235" />
      <source>无法显示证据</source>
      <translation>Cannot show the evidence</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="241" />
      <source>该证据不是照片，请导出后用相应软件打开。</source>
      <translation>This item is not a photo. Export it and open it with a suitable program.</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="246" />
      <source>该书证没有可显示的页面</source>
      <translation>This document has no pages to show</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="255" />
      <source>第 {n} / {total} 页</source>
      <translation>Page {n} of {total}</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="265" />
      <source>无法显示该图片</source>
      <translation>Cannot show this picture</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="278" />
      <source>撤回证据</source>
      <translation>Withdraw evidence</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="282" />
      <source>撤回证据 {label}（{file}）。撤回后仍保留在案卷中，标明已撤回。</source>
      <translation>Withdraw evidence {label} ({file}). It stays in the case file, marked as withdrawn.</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="286" />
      <source>撤回理由(&amp;R)：</source>
      <translation>&amp;Reason:</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="289" />
      <source>撤回</source>
      <translation>Withdraw</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="300" />
      <source>请填写撤回理由</source>
      <translation>Please give the reason for withdrawing</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="311" />
      <source>选择证据文件</source>
      <translation>Choose evidence files</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="316" />
      <source>选择导出到的空文件夹</source>
      <translation>Choose an empty folder to export to</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="345" />
      <source>添加证据(&amp;A)…</source>
      <translation>&amp;Add evidence…</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="347" />
      <source>撤回(&amp;D)…</source>
      <translation>Withdraw…</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="349" />
      <source>导出(&amp;E)…</source>
      <translation>&amp;Export…</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="382" />
      <source>无法读取证据</source>
      <translation>Cannot read the evidence</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="387" />
      <source>共 {n} 件，其中已撤回 {w} 件</source>
      <translation>{n} items, {w} withdrawn</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="399" />
      <source>无法读取缩略图</source>
      <translation>Cannot read the thumbnails</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="434" />
      <source>正在导入 {n} 个证据文件…</source>
      <translation>Importing {n} evidence files…</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="436" />
      <source>已取消导入，未导入任何文件。</source>
      <translation>Import cancelled; no file was imported.</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="437" />
      <source>证据未能导入</source>
      <translation>Evidence not imported</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="458" />
      <source>已导入 {n} 个文件。</source>
      <translation>{n} files imported.</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="460" />
      <source>未导入：</source>
      <translation>Not imported: </translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="463" />
      <source>有 {n} 条提示，已随证据记录，理由：{reason}</source>
      <translation>{n} warning(s) recorded with the evidence, reason: {reason}</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="481" />
      <source>证据未能撤回</source>
      <translation>Evidence not withdrawn</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="489" />
      <source>正在导出证据…</source>
      <translation>Exporting evidence…</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="490" />
      <source>证据未能导出</source>
      <translation>Evidence not exported</translation>
    </message>
    <message>
      <location filename="../case_view/evidence.py" line="492" />
      <source>已导出 {n} 件证据到 {dir}</source>
      <translation>{n} items exported to {dir}</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="39" />
      <source>审批环节</source>
      <translation>Step</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="42" />
      <source>提交人</source>
      <translation>Submitted by</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="43" />
      <source>提交时间</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="44" />
      <source>审批人</source>
      <translation>Approver</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="45" />
      <source>意见</source>
      <translation>Opinion</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="51" />
      <source>已完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="53" />
      <source>逾期 {n} 天</source>
      <translation>{n} days overdue</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="54" />
      <source>待办</source>
      <translation>To do</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="59" />
      <source>跟踪</source>
      <translation>Follow-up</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="60" />
      <source>应完成日期</source>
      <translation>Due</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="63" />
      <source>结论</source>
      <translation>Finding</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="65" />
      <source>满意度</source>
      <translation>Satisfaction</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="67" />
      <source>记录人</source>
      <translation>Recorded by</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="68" />
      <source>情况说明</source>
      <translation>Notes</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="82" />
      <source>{step}被退回（{who} {at}）：{comment}。请修改后重新提交。</source>
      <translation>{step} returned ({who} {at}): {comment}. Please revise and submit again.</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="108" />
      <source>提交审批(&amp;U)…</source>
      <translation>S&amp;ubmit for approval…</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="114" />
      <source>记录缴纳(&amp;P)…</source>
      <translation>Record &amp;payment…</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="117" />
      <source>记录复查(&amp;K)…</source>
      <translation>Record re-chec&amp;k…</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="118" />
      <source>记录回访(&amp;V)…</source>
      <translation>Record return &amp;visit…</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="119" />
      <source>记录12345反馈(&amp;B)…</source>
      <translation>Record 12345 feed&amp;back…</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="121" />
      <source>审批</source>
      <translation>Approvals</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="125" />
      <source>执行</source>
      <translation>Execution</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="129" />
      <source>跟踪（复查、回访、12345反馈）</source>
      <translation>Follow-ups (re-check, return visit, 12345 feedback)</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="159" />
      <source>无法读取审批与跟踪</source>
      <translation>Cannot read approvals and follow-ups</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="165" />
      <source>本案没有罚款决定，无须记录缴纳</source>
      <translation>No fine decided on this case: no payment to record</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="189" />
      <source>已提交{step}，等待中队长审批</source>
      <translation>{step} submitted; waiting for the team lead</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="202" />
      <source>已记录缴纳：{state}</source>
      <translation>Payment recorded: {state}</translation>
    </message>
    <message>
      <location filename="../case_view/follow.py" line="214" />
      <source>已记录{kind}</source>
      <translation>{kind} recorded</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="23" />
      <source>文书</source>
      <translation>Documents</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="24" />
      <source>文号</source>
      <translation>Document number</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="26" />
      <source>制作时间</source>
      <translation>Issued</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="27" />
      <source>送达</source>
      <translation>Served</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="34" />
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="35" />
      <source>执法人员</source>
      <translation>Officer</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="36" />
      <source>操作</source>
      <translation>Action</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="37" />
      <source>内容</source>
      <translation>Details</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="57" />
      <source>本案还没有文书。点“制作文书”（Ctrl+D），系统会先列出下一步应制作的文书。</source>
      <translation>No documents yet. Click "New document" (Ctrl+D): the documents due next are listed first.</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="60" />
      <source>制作文书(&amp;D)…</source>
      <translation>New &amp;document…</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="61" />
      <source>查看 / 打印…</source>
      <translation>View / print…</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="62" />
      <source>记录送达…</source>
      <translation>Record service…</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="63" />
      <source>作废…</source>
      <translation>Void…</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="64" />
      <source>案卷(&amp;J)…</source>
      <translation>Case file (&amp;J)…</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="116" />
      <source>无法读取文书</source>
      <translation>Cannot read the documents</translation>
    </message>
    <message>
      <location filename="../case_view/lists.py" line="147" />
      <source>无法读取时间线</source>
      <translation>Cannot read the timeline</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="22" />
      <source>案件编号</source>
      <translation>Case number</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="23" />
      <source>违法日期</source>
      <translation>Date of act</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="25" />
      <source>违法行为</source>
      <translation>Violation</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="27" />
      <source>处理结果</source>
      <translation>Outcome</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="41" />
      <source>姓名/名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="41" />
      <source>类型</source>
      <translation>Kind</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="42" />
      <source>证件号码</source>
      <translation>ID number</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="42" />
      <source>电话</source>
      <translation>Phone</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="43" />
      <source>住址/住所</source>
      <translation>Address</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="43" />
      <source>需关照情形</source>
      <translation>Care needs</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="71" />
      <source>本案尚未关联当事人。</source>
      <translation>No party is linked to this case yet.</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="77" />
      <source>无法读取当事人</source>
      <translation>Cannot read the party</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="88" />
      <source>在先案件：{n} 件</source>
      <translation>Earlier cases: {n}</translation>
    </message>
    <message>
      <location filename="../case_view/party.py" line="89" />
      <source>没有在先案件。</source>
      <translation>No earlier cases.</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="54" />
      <source>案件 {number} 有尚未保存的修改。</source>
      <translation>Case {number} has unsaved changes.</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="57" />
      <source>不保存</source>
      <translation>Don't save</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="92" />
      <source>返回列表（Ctrl+W）</source>
      <translation>Back to list (Ctrl+W)</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="115" />
      <source>基本信息</source>
      <translation>Details</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="115" />
      <source>当事人</source>
      <translation>Party</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="115" />
      <source>证据</source>
      <translation>Evidence</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="115" />
      <source>免罚核查</source>
      <translation>Exemption check</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="116" />
      <source>时间线</source>
      <translation>Timeline</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="116" />
      <source>审批与跟踪</source>
      <translation>Approvals &amp; follow-ups</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="152" />
      <source>无法读取案件</source>
      <translation>Cannot read the case</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="162" />
      <source>（未关联当事人）</source>
      <translation>(no party linked)</translation>
    </message>
    <message>
      <location filename="../case_view/view.py" line="163" />
      <source>{status}　{violation}　当事人：{party}</source>
      <translation>{status}   {violation}   Party: {party}</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="51" />
      <source>存档联</source>
      <translation>File copy</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="51" />
      <source>当事人联</source>
      <translation>Party copy</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="52" />
      <source>送达回证</source>
      <translation>Service receipt</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="52" />
      <source>收缴银行联</source>
      <translation>Collecting bank's copy</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="60" />
      <source>打印 {title}</source>
      <translation>Print {title}</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="62" />
      <source>请选择要打印的联次：</source>
      <translation>Choose the copies to print:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="96" />
      <source>打印</source>
      <translation>Print</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="101" />
      <source>另存为 PDF</source>
      <translation>Save as PDF</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="115" />
      <source>已发送打印：{title}，共 {n} 页</source>
      <translation>Sent to the printer: {title}, {n} pages</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="121" />
      <source>正在打印……</source>
      <translation>Printing…</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="123" />
      <source>打印失败</source>
      <translation>Printing failed</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="125" />
      <source>无法准备打印的文书</source>
      <translation>Cannot prepare the document for printing</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="152" />
      <source>已保存：{path}</source>
      <translation>Saved: {path}</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="156" />
      <source>无法保存 PDF</source>
      <translation>Cannot save the PDF</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="176" />
      <source>记录送达：{title} {number}</source>
      <translation>Record service: {title} {number}</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="195" />
      <source>如：当事人拒绝签收</source>
      <translation>e.g. the party refused to sign</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="198" />
      <source>见证人姓名（所在单位），如 王芳（某某居委会），多人用“、”分隔</source>
      <translation>Witness name (organisation), e.g. 王芳（某某居委会）; several separated by "、"</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="199" />
      <source>受送达人已书面同意电子送达（确认书已归档）</source>
      <translation>The recipient consented to electronic service in writing (consent on file)</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="203" />
      <source>由他人代收时填写代收人姓名</source>
      <translation>Name of the person who signs on the recipient's behalf</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="206" />
      <source>如：同住成年家属、单位收件人</source>
      <translation>e.g. adult family member living with them, the unit's mail clerk</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="209" />
      <source>邮寄送达的邮件号；送达日期填回执上的签收日期</source>
      <translation>Tracking number of the postal service; the service date is the day signed on the return receipt</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="216" />
      <source>送达方式(&amp;M)：</source>
      <translation>&amp;Method:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="217" />
      <source>送达日期(&amp;D)：</source>
      <translation>&amp;Date:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="218" />
      <source>受送达人(&amp;R)：</source>
      <translation>&amp;Recipient:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="219" />
      <source>送达地点：</source>
      <translation>Place:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="220" />
      <source>拒收事由：</source>
      <translation>Refusal reason:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="221" />
      <source>见证人：</source>
      <translation>Witnesses:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="222" />
      <source>电子送达：</source>
      <translation>Electronic service:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="223" />
      <source>代收人：</source>
      <translation>Signed for by:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="224" />
      <source>代收人与受送达人关系：</source>
      <translation>Relation to the recipient:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="225" />
      <source>邮件号：</source>
      <translation>Tracking number:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="239" />
      <source>记录送达(&amp;S)</source>
      <translation>&amp;Save service</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="305" />
      <source>作废文书</source>
      <translation>Void document</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="306" />
      <source>作废 {title} {number}。
作废后文号不再使用，文书仍保留在案卷中。
请填写作废理由：</source>
      <translation>Void {title} {number}.
Its number is never reused; the document stays in the case file.
Reason for voiding:</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="315" />
      <source>确认作废</source>
      <translation>Confirm voiding</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="316" />
      <source>确定作废 {title} {number}？
理由：{reason}
此操作不能撤销。</source>
      <translation>Void {title} {number}?
Reason: {reason}
This cannot be undone.</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="328" />
      <source>不能作废</source>
      <translation>Cannot void</translation>
    </message>
    <message>
      <location filename="../documents/actions.py" line="334" />
      <source>已作废 {number}</source>
      <translation>{number} voided</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="50" />
      <source>案卷 — {number}</source>
      <translation>Case file — {number}</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="55" />
      <source>正在核对案卷完整性……</source>
      <translation>Checking the case file…</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="62" />
      <source>生成案卷(&amp;B)</source>
      <translation>&amp;Build case file</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="65" />
      <source>取消生成</source>
      <translation>Cancel build</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="69" />
      <source>打印(&amp;P)…</source>
      <translation>&amp;Print…</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="72" />
      <source>另存为 PDF(&amp;A)…</source>
      <translation>Save &amp;as PDF…</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="93" />
      <source>无法核对案卷</source>
      <translation>Cannot check the case file</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="97" />
      <source>按“{path}”核对：本案共有文书 {n} 件。</source>
      <translation>Checked as "{path}": the case has {n} documents.</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="100" />
      <source>缺少：</source>
      <translation>Missing: </translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="103" />
      <source>未记录送达：</source>
      <translation>Service not recorded: </translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="106" />
      <source>应有文书齐全，均已送达。</source>
      <translation>Every expected document is present and served.</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="108" />
      <source>可以先生成案卷查看，补齐后再归档。</source>
      <translation>You can build the case file now to review it; complete it before archiving.</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="143" />
      <source>案卷共 {pages} 页：文书 {docs} 件，照片 {photos} 张</source>
      <translation>Case file: {pages} pages, {docs} documents, {photos} photos</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="155" />
      <source>已取消生成案卷</source>
      <translation>Case file build cancelled</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="179" />
      <source>案卷 {number}</source>
      <translation>Case file {number}</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="197" />
      <source>选择保存案卷的文件夹</source>
      <translation>Choose the folder for the case files</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="203" />
      <source>请先在列表中选择案件（按住 Ctrl 或 Shift 可多选）</source>
      <translation>Select cases in the list first (Ctrl or Shift selects several)</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="211" />
      <source>已生成 {n} 份案卷，保存在 {folder}</source>
      <translation>{n} case files saved in {folder}</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="221" />
      <source>正在生成 {n} 份案卷……</source>
      <translation>Building {n} case files…</translation>
    </message>
    <message>
      <location filename="../documents/casefile.py" line="223" />
      <source>无法生成案卷</source>
      <translation>Cannot build the case file</translation>
    </message>
    <message>
      <location filename="../documents/viewer.py" line="24" />
      <source>（已作废：{reason}）</source>
      <translation> (void: {reason})</translation>
    </message>
    <message>
      <location filename="../documents/viewer.py" line="53" />
      <source>正在载入……</source>
      <translation>Loading…</translation>
    </message>
    <message>
      <location filename="../documents/viewer.py" line="55" />
      <source>无法显示文书</source>
      <translation>Cannot show the document</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="71" />
      <source>问</source>
      <translation>Question</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="71" />
      <source>答</source>
      <translation>Answer</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="71" />
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="72" />
      <source>规格</source>
      <translation>Specification</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="72" />
      <source>数量</source>
      <translation>Quantity</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="72" />
      <source>备注</source>
      <translation>Note</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="73" />
      <source>证明对象</source>
      <translation>What it proves</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="90" />
      <source>添加一行</source>
      <translation>Add row</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="93" />
      <source>删除所选行</source>
      <translation>Delete row</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="150" />
      <source>（签发时生成）</source>
      <translation>(given at issue)</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="233" />
      <source>必填，请填写</source>
      <translation>Required</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="247" />
      <source>制作文书 — {number}</source>
      <translation>New document — {number}</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="279" />
      <source>签发(&amp;I)</source>
      <translation>&amp;Issue</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="303" />
      <source>程序关口：</source>
      <translation>Procedure gates:</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="327" />
      <source>无法读取文书目录</source>
      <translation>Cannot read the document list</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="334" />
      <source>建议下一步</source>
      <translation>Due next</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="334" />
      <source>其他文书</source>
      <translation>Other documents</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="399" />
      <source>无法生成文书</source>
      <translation>Cannot fill the document</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="416" />
      <source>无法生成预览</source>
      <translation>Cannot make the preview</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="461" />
      <source>无（本文书签发前不需核对程序关口，或各关口均已满足）</source>
      <translation>None (no gate applies to this document, or every gate is met)</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="463" />
      <source>依据</source>
      <translation>Basis</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="466" />
      <source>阻断</source>
      <translation>Blocks</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="466" />
      <source>提示</source>
      <translation>Note</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="476" />
      <source>草稿预览（未编号），共 {n} 页</source>
      <translation>Draft preview (no number), {n} pages</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="494" />
      <source>文书未能签发</source>
      <translation>The document was not issued</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="499" />
      <source>{title}　文号：{number}</source>
      <translation>{title}　No. {number}</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="502" />
      <source>已签发 {number}（{pages} 页）。文书已不可更改；如有错误请作废后重新制作。</source>
      <translation>Issued {number} ({pages} pages). It can no longer change; to correct it, void it and make it again.</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="518" />
      <source>已签发 {number}，共 {n} 页</source>
      <translation>Issued {number}, {n} pages</translation>
    </message>
    <message>
      <location filename="../documents/wizard.py" line="520" />
      <source>无法显示已签发的文书</source>
      <translation>Cannot show the issued document</translation>
    </message>
    <message>
      <location filename="../errors.py" line="39" />
      <source>详细信息已写入日志：{path}</source>
      <translation>Details were written to the log: {path}</translation>
    </message>
    <message>
      <location filename="../errors.py" line="40" />
      <source>程序内部出现错误，操作未完成。</source>
      <translation>An internal error stopped the operation.</translation>
    </message>
    <message>
      <location filename="../errors.py" line="65" />
      <source>错误</source>
      <translation>Error</translation>
    </message>
    <message>
      <location filename="../evidence_warnings.py" line="46" />
      <source>以下 {n} 条提示不阻止导入，但请核实。仍要导入的，须说明理由；理由与提示一并记在证据上，写入审计日志和照片证据。取消则不导入任何文件。</source>
      <translation>The {n} warning(s) below do not block the import, but please check them. To import anyway, give a reason: it is recorded with the warnings on the evidence, in the audit log and on the photo evidence sheet. Cancel imports nothing.</translation>
    </message>
    <message>
      <location filename="../evidence_warnings.py" line="56" />
      <source>例如：已到现场核实，照片为当事人提供的本案照片</source>
      <translation>e.g. checked on site: the party's photos of this case</translation>
    </message>
    <message>
      <location filename="../evidence_warnings.py" line="59" />
      <source>导入理由(&amp;R)：</source>
      <translation>&amp;Reason:</translation>
    </message>
    <message>
      <location filename="../evidence_warnings.py" line="62" />
      <source>仍然导入</source>
      <translation>Import anyway</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="135" />
      <source>审批意见</source>
      <translation>Approver’s opinion</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="135" />
      <source>同意。</source>
      <translation>Approved.</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="137" />
      <source>退回意见（承办人将在案件中看到）</source>
      <translation>Comment (the officer sees it on the case)</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="137" />
      <source>请写明退回原因和需要补正的内容</source>
      <translation>Why it is returned and what to correct</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="139" />
      <source>法制审核意见</source>
      <translation>Legal review opinion</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="139" />
      <source>对事实、证据、程序、适用法律和裁量的审核意见</source>
      <translation>Review of facts, evidence, procedure, law applied and discretion</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="140" />
      <source>集体讨论记录</source>
      <translation>Collective discussion record</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="140" />
      <source>参加人员、讨论意见和结论</source>
      <translation>Participants, views and conclusion</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="148" />
      <source>批准</source>
      <translation>Approve</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="148" />
      <source>退回</source>
      <translation>Return</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="148" />
      <source>法制审核</source>
      <translation>Legal review</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="149" />
      <source>集体讨论</source>
      <translation>Collective discussion</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="155" />
      <source>{step}：{case}，{who} 提交</source>
      <translation>{step}: {case}, submitted by {who}</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="172" />
      <source>确认批准</source>
      <translation>Confirm approval</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="172" />
      <source>确定批准 {case} 的{step}？批准后承办人即可签发审批表。</source>
      <translation>Approve the {step} of {case}? The approval form can then be issued.</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="175" />
      <source>确认退回</source>
      <translation>Confirm return</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="175" />
      <source>确定退回 {case} 的{step}？</source>
      <translation>Return the {step} of {case}?</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="189" />
      <source>提交审批 — {case}</source>
      <translation>Submit for approval — {case}</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="196" />
      <source>承办人意见</source>
      <translation>Handling officer’s opinion</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="199" />
      <source>处罚审批：拟罚款（元）；留空取规则评估中的金额</source>
      <translation>Penalty approval: proposed fine (yuan); empty = the amount in the rules evaluation</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="202" />
      <source>重大复杂案件的理由（须法制审核、集体讨论）</source>
      <translation>Why the case is major or complex (needs legal review and collective discussion)</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="205" />
      <source>拟罚款（元）</source>
      <translation>Proposed fine (yuan)</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="206" />
      <source>重大复杂</source>
      <translation>Major / complex</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="226" />
      <source>记录{kind} — {case}</source>
      <translation>Record {kind} — {case}</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="236" />
      <source>（请选择）</source>
      <translation>(choose)</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="267" />
      <source>记录缴纳 — {case}</source>
      <translation>Record payment — {case}</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="270" />
      <source>罚款和加处罚款缴清（或经人民法院强制执行）后，案件才能结案。</source>
      <translation>The case can be closed only once the fine and any late-payment fine are paid in full (or the court has enforced the decision).</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="273" />
      <source>元，最多两位小数，如 300 或 300.50</source>
      <translation>yuan, at most two decimals, e.g. 300 or 300.50</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="276" />
      <source>年-月-日，如 2026-11-28</source>
      <translation>year-month-day, e.g. 2026-11-28</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="283" />
      <source>缴款凭证号码；当场收缴的写专用票据号码</source>
      <translation>receipt number; for a fine collected on the spot, the official receipt number</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="286" />
      <source>缴纳金额（元）</source>
      <translation>Amount paid (yuan)</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="287" />
      <source>缴纳日期</source>
      <translation>Date paid</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="288" />
      <source>缴纳方式</source>
      <translation>Paid by</translation>
    </message>
    <message>
      <location filename="../leads/dialogs.py" line="289" />
      <source>票据号码</source>
      <translation>Receipt number</translation>
    </message>
    <message>
      <location filename="../lock.py" line="103" />
      <source>窗口已锁定</source>
      <translation>Window locked</translation>
    </message>
    <message>
      <location filename="../lock.py" line="109" />
      <source>{officer} 已登录。请输入密码解锁，或退出登录换人使用。</source>
      <translation>{officer} is signed in. Enter the password to unlock, or sign out so someone else can sign in.</translation>
    </message>
    <message>
      <location filename="../lock.py" line="119" />
      <source>解锁</source>
      <translation>Unlock</translation>
    </message>
    <message>
      <location filename="../lock.py" line="120" />
      <source>退出登录</source>
      <translation>Sign out</translation>
    </message>
    <message>
      <location filename="../lock.py" line="156" />
      <source>已锁定</source>
      <translation>Locked</translation>
    </message>
    <message>
      <location filename="../lock.py" line="253" />
      <source>{name}（{badge}）</source>
      <translation>{name} ({badge})</translation>
    </message>
    <message>
      <location filename="../lock.py" line="301" />
      <source>正在核对密码…</source>
      <translation>Checking the password…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="76" />
      <source>今日待办</source>
      <translation>Today</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="76" />
      <source>我的案件</source>
      <translation>My cases</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="76" />
      <source>全部案件</source>
      <translation>All cases</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="76" />
      <source>当事人</source>
      <comment>page</comment>
      <translation>Parties</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="76" />
      <source>法规库</source>
      <translation>Laws</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="77" />
      <source>同步</source>
      <translation>Sync</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="77" />
      <source>中队督办</source>
      <translation>Team lead</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="77" />
      <source>统计</source>
      <translation>Statistics</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="285" />
      <source>文件(&amp;F)</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="286" />
      <source>新建案件(&amp;N)…</source>
      <translation>&amp;New case…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="288" />
      <source>关闭案件(&amp;W)</source>
      <translation>Close case</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="289" />
      <source>保存(&amp;S)</source>
      <translation>&amp;Save</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="295" />
      <source>退出(&amp;X)</source>
      <translation>E&amp;xit</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="298" />
      <source>查看(&amp;V)</source>
      <translation>&amp;View</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="303" />
      <source>搜索案件(&amp;F)</source>
      <translation>&amp;Find cases</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="305" />
      <source>刷新(&amp;R)</source>
      <translation>&amp;Refresh</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="307" />
      <source>转到导航(&amp;G)</source>
      <translation>&amp;Go to navigation</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="309" />
      <source>文书(&amp;D)</source>
      <translation>&amp;Documents</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="312" />
      <source>生成案卷(&amp;J)…</source>
      <translation>Case file (&amp;J)…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="316" />
      <source>设置(&amp;S)</source>
      <translation>Se&amp;ttings</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="317" />
      <source>界面语言(&amp;L)</source>
      <translation>&amp;Language</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="326" />
      <source>账户(&amp;U)</source>
      <translation>Acco&amp;unt</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="327" />
      <source>锁定窗口(&amp;L)</source>
      <translation>&amp;Lock window</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="328" />
      <source>修改密码(&amp;P)…</source>
      <translation>Change &amp;password…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="330" />
      <source>账户管理(&amp;M)…</source>
      <translation>&amp;Manage accounts…</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="336" />
      <source>帮助(&amp;H)</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="337" />
      <source>关于(&amp;A)</source>
      <translation>&amp;About</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="417" />
      <source>请先打开一个案件，再制作文书</source>
      <translation>Open a case first to make a document</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="508" />
      <source>无法读取站点状态</source>
      <translation>Cannot read the station status</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="513" />
      <source>站点：{name}　规则包：{pack} {version}</source>
      <translation>Station: {name}   Rule pack: {pack} {version}</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="515" />
      <source>待同步更改：{n}</source>
      <translation>Changes to sync: {n}</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="521" />
      <source>城管网格执法助手 — {station}</source>
      <translation>Grid Enforcement Assistant — {station}</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="523" />
      <source>【演示数据】</source>
      <translation> [DEMO DATA]</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="530" />
      <source>执法人员：{name}（{badge}）</source>
      <translation>Officer: {name} ({badge})</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="541" />
      <source>界面语言</source>
      <translation>Interface language</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="542" />
      <source>界面语言将在重新启动程序后生效。</source>
      <translation>The interface language changes when the program is started again.</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="546" />
      <source>关于</source>
      <translation>About</translation>
    </message>
    <message>
      <location filename="../main_window.py" line="547" />
      <source>城管网格执法助手（gridapp）
离线优先的案件登记、证据与执法文书工具。
数据目录：{path}</source>
      <translation>Grid Enforcement Assistant (gridapp)
Offline-first case log, evidence and enforcement documents.
Data folder: {path}</translation>
    </message>
    <message>
      <location filename="../media.py" line="14" />
      <source>照片、视频、录音和书证 ({patterns});;所有文件 (*)</source>
      <translation>Photos, video, recordings and documents ({patterns});;All files (*)</translation>
    </message>
    <message>
      <location filename="../message_bar.py" line="32" />
      <source>关闭提示（Esc）</source>
      <translation>Close (Esc)</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="45" />
      <source>待法制审核</source>
      <translation>Awaiting legal review</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="47" />
      <source>待集体讨论</source>
      <translation>Awaiting collective discussion</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="48" />
      <source>待负责人审批</source>
      <translation>Awaiting approval</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="68" />
      <source>{step}　{case}　{party}</source>
      <translation>{step}  {case}  {party}</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="71" />
      <source>拟罚款：{fine} 元</source>
      <translation>Proposed fine: {fine} yuan</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="73" />
      <source>承办人意见：{text}</source>
      <translation>Officer’s opinion: {text}</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="75" />
      <source>须法制审核、集体讨论：{why}</source>
      <translation>Needs legal review and collective discussion: {why}</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="77" />
      <source>法制审核意见：{text}（{who}）</source>
      <translation>Legal review: {text} ({who})</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="80" />
      <source>集体讨论：{text}（{who}）</source>
      <translation>Collective discussion: {text} ({who})</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="106" />
      <source>没有待审批的请求。</source>
      <translation>No requests are waiting for approval.</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="108" />
      <source>审批、法制审核和集体讨论由中队长办理；此处可查看待审批的请求。</source>
      <translation>Approvals, legal reviews and collective discussions are the team lead’s; here you can see what is waiting.</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="111" />
      <source>批准(&amp;A)…</source>
      <translation>&amp;Approve…</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="112" />
      <source>退回(&amp;R)…</source>
      <translation>&amp;Return…</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="113" />
      <source>法制审核(&amp;L)…</source>
      <translation>&amp;Legal review…</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="114" />
      <source>集体讨论(&amp;D)…</source>
      <translation>Collective &amp;discussion…</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="115" />
      <source>打开案件(&amp;O)</source>
      <translation>&amp;Open case</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="157" />
      <source>无法读取待审批队列</source>
      <translation>Cannot read the approval queue</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="163" />
      <source>待审批：共 {n} 项</source>
      <translation>Waiting for approval: {n}</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="209" />
      <source>已批准</source>
      <translation>Approved</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="209" />
      <source>已退回</source>
      <translation>Returned</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="210" />
      <source>已记录法制审核意见</source>
      <translation>Legal review recorded</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="210" />
      <source>已记录集体讨论</source>
      <translation>Collective discussion recorded</translation>
    </message>
    <message>
      <location filename="../pages/approvals.py" line="211" />
      <source>{what}：{case} {step}</source>
      <translation>{what}: {case} {step}</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="60" />
      <source>（有前案）</source>
      <translation> (earlier cases)</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="65" />
      <source>发现日期</source>
      <translation>Found on</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="68" />
      <source>（逾期）</source>
      <translation> (overdue)</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="69" />
      <source>已超过整改或办理期限</source>
      <translation>The deadline for correction or handling has passed</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="72" />
      <source>预警</source>
      <translation>Warning</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="77" />
      <source>该当事人有在先违法记录</source>
      <translation>This party has earlier violations on record</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="79" />
      <source>地点</source>
      <translation>Place</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="81" />
      <source>网格</source>
      <translation>Grid</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="82" />
      <source>来源</source>
      <translation>Source</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="83" />
      <source>承办人</source>
      <translation>Officers</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="134" />
      <source>搜索案件编号、当事人、地点、违法事实（Ctrl+F）</source>
      <translation>Search case number, party, place, facts (Ctrl+F)</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="144" />
      <source>全部状态</source>
      <translation>All statuses</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="145" />
      <source>全部预警</source>
      <translation>All warning levels</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="146" />
      <source>全部网格</source>
      <translation>All grids</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="147" />
      <source>全部来源</source>
      <translation>All sources</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="148" />
      <source>全部人员</source>
      <translation>All officers</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="153" />
      <source>仅看逾期(&amp;O)</source>
      <translation>&amp;Overdue only</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="157" />
      <source>搜索(&amp;S)：</source>
      <translation>&amp;Search:</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="164" />
      <source>状态(&amp;T)：</source>
      <translation>S&amp;tatus:</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="164" />
      <source>预警(&amp;W)：</source>
      <translation>&amp;Warning:</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="165" />
      <source>来源(&amp;Y)：</source>
      <translation>Sourc&amp;e:</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="166" />
      <source>人员(&amp;P)：</source>
      <translation>Officer (&amp;P):</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="166" />
      <source>日期从(&amp;D)：</source>
      <translation>&amp;Date from:</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="167" />
      <source>至：</source>
      <translation>to:</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="183" />
      <source>为所选案件生成案卷(&amp;J)…</source>
      <translation>Case files for the selection (&amp;J)…</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="185" />
      <source>按住 Ctrl 或 Shift 可选择多个案件，每个案件生成一份 PDF</source>
      <translation>Ctrl or Shift selects several cases; each gets its own PDF</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="213" />
      <source>不限</source>
      <translation>Any</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="232" />
      <source>无法读取筛选条件</source>
      <translation>Cannot read the filters</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="283" />
      <source>无法查询案件</source>
      <translation>Cannot search the cases</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="305" />
      <source>无法统计案件</source>
      <translation>Cannot count the cases</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="316" />
      <source>正在统计…</source>
      <translation>Counting…</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="316" />
      <source>共 {total} 件，已显示 {shown} 件</source>
      <translation>{total} cases, {shown} shown</translation>
    </message>
    <message>
      <location filename="../pages/cases.py" line="319" />
      <source>（只查找了最近的 {n} 件案件；输入 3 个字以上可查找全部案件）</source>
      <translation>(only the newest {n} cases were searched; type 3 or more characters to search all cases)</translation>
    </message>
    <message>
      <location filename="../pages/laws.py" line="34" />
      <source>查找法条：输入关键字或违法行为，如 占道、设摊、送达</source>
      <translation>Find an article: type a keyword or a violation, e.g. street, stall, service</translation>
    </message>
    <message>
      <location filename="../pages/laws.py" line="73" />
      <source>无法读取法规库</source>
      <translation>Cannot read the law library</translation>
    </message>
    <message>
      <location filename="../pages/laws.py" line="108" />
      <source>共 {n} 条</source>
      <translation>{n} articles</translation>
    </message>
    <message>
      <location filename="../pages/laws.py" line="142" />
      <source>无法查找法条</source>
      <translation>Cannot search the laws</translation>
    </message>
    <message>
      <location filename="../pages/laws.py" line="147" />
      <source>（违法行为：{name}）</source>
      <translation> (violation: {name})</translation>
    </message>
    <message>
      <location filename="../pages/laws.py" line="151" />
      <source>找到 {n} 条</source>
      <translation>{n} articles found</translation>
    </message>
    <message>
      <location filename="../pages/laws.py" line="152" />
      <source>没有找到，换一个关键字试试。</source>
      <translation>Nothing found; try another keyword.</translation>
    </message>
    <message>
      <location filename="../pages/laws.py" line="161" />
      <source>法规库中没有“{citation}”</source>
      <translation>The law library does not hold “{citation}”</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="30" />
      <source>案件逾期 {n} 天</source>
      <translation>Case {n} days overdue</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="32" />
      <source>跟踪逾期 {n} 天</source>
      <translation>Follow-up {n} days overdue</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="34" />
      <source>待审批 {n} 天</source>
      <translation>Waiting {n} days</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="34" />
      <source>待审批</source>
      <translation>Waiting</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="35" />
      <source>同步冲突</source>
      <translation>Sync conflict</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="43" />
      <source>类别</source>
      <translation>Kind</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="44" />
      <source>事项</source>
      <translation>What is due</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="48" />
      <source>日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="70" />
      <source>中队今天没有待审批、逾期或冲突的事项。</source>
      <translation>Nothing waits for approval, is overdue or in conflict today.</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="93" />
      <source>无法读取中队督办</source>
      <translation>Cannot read the team lead’s list</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="98" />
      <source>中队督办由中队长查看。</source>
      <translation>The team lead’s list is for team leads.</translation>
    </message>
    <message>
      <location filename="../pages/lead_today.py" line="105" />
      <source>中队今日待办：共 {n} 项，待审批 {waiting} 项，逾期 {late} 项</source>
      <translation>Team work today: {n} items, {waiting} waiting for approval, {late} overdue</translation>
    </message>
    <message>
      <location filename="../pages/parties.py" line="32" />
      <source>名称/姓名</source>
      <translation>Name</translation>
    </message>
    <message>
      <location filename="../pages/parties.py" line="35" />
      <source>案件数</source>
      <translation>Cases</translation>
    </message>
    <message>
      <location filename="../pages/parties.py" line="36" />
      <source>最近案件</source>
      <translation>Latest case</translation>
    </message>
    <message>
      <location filename="../pages/parties.py" line="60" />
      <source>按名称、身份证号/统一社会信用代码或电话查找当事人</source>
      <translation>Find a party by name, ID number / unified social credit code or phone</translation>
    </message>
    <message>
      <location filename="../pages/parties.py" line="71" />
      <source>选择一个当事人查看其案件。</source>
      <translation>Select a party to see their cases.</translation>
    </message>
    <message>
      <location filename="../pages/parties.py" line="96" />
      <source>无法查询当事人</source>
      <translation>Cannot search the parties</translation>
    </message>
    <message>
      <location filename="../pages/parties.py" line="109" />
      <source>无法读取当事人的案件</source>
      <translation>Cannot read the party's cases</translation>
    </message>
    <message>
      <location filename="../pages/parties.py" line="112" />
      <source>{name} 的案件（{n} 件）：</source>
      <translation>Cases of {name} ({n}):</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="51" />
      <source>{n} 件</source>
      <translation>{n} cases</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="69" />
      <source>未分类</source>
      <translation>unclassified</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="71" />
      <source>{h} 小时</source>
      <translation>{h} h</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="73" />
      <source>新立案件</source>
      <translation>Cases opened</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="74" />
      <source>办结案件</source>
      <translation>Cases closed</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="75" />
      <source>721 处置结构</source>
      <translation>7-2-1 mix</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="76" />
      <source>柔性执法率</source>
      <translation>Soft enforcement</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="76" />
      <source>{rate}（柔性 {soft}，处罚 {hard}）</source>
      <translation>{rate} ({soft} soft, {hard} penalised)</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="78" />
      <source>不予处罚</source>
      <translation>No penalty</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="79" />
      <source>三色阶段</source>
      <translation>Stages</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="80" />
      <source>按期整改率</source>
      <translation>Corrected on time</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="80" />
      <source>{rate}（到期 {due}，按期 {ok}）</source>
      <translation>{rate} ({ok} of {due} due)</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="82" />
      <source>回访完成率</source>
      <translation>Return visits</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="82" />
      <source>{rate}（{done}/{closed}）</source>
      <translation>{rate} ({done}/{closed})</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="84" />
      <source>满意率</source>
      <translation>Satisfaction</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="85" />
      <source>12345 平均响应</source>
      <translation>12345 response</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="85" />
      <source>{avg}（两小时内 {rate}）</source>
      <translation>{avg} ({rate} within 2 h)</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="87" />
      <source>12345 来电人反馈</source>
      <translation>12345 caller feedback</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="89" />
      <source>重复违法当事人</source>
      <translation>Repeat offenders</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="89" />
      <source>{n} 人，{cases} 件（{rate}）</source>
      <translation>{n} parties, {cases} cases ({rate})</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="120" />
      <source>全部执法人员</source>
      <translation>All officers</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="125" />
      <source>起始日期</source>
      <translation>From</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="125" />
      <source>截止日期</source>
      <translation>To</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="136" />
      <source>指标</source>
      <translation>Figure</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="136" />
      <source>数值</source>
      <translation>Value</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="191" />
      <source>无法读取网格和执法人员</source>
      <translation>Cannot read the grids and officers</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="224" />
      <source>无法统计</source>
      <translation>Cannot compute the statistics</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="228" />
      <source>{start} 至 {end}：新立 {opened} 件，办结 {closed} 件</source>
      <translation>{start} to {end}: {opened} cases opened, {closed} closed</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="239" />
      <source>正在绘制统计图…</source>
      <translation>Drawing the charts…</translation>
    </message>
    <message>
      <location filename="../pages/stats_page.py" line="256" />
      <source>无法绘制统计图</source>
      <translation>Cannot draw the charts</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="70" />
      <source>（空）</source>
      <translation>(empty)</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="86" />
      <source>指挥中心现值</source>
      <translation>HQ value</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="86" />
      <source>后到的修改</source>
      <translation>later edit</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="88" />
      <source>待处理</source>
      <translation>open</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="88" />
      <source>已处理</source>
      <translation>resolved</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="94" />
      <source>编号</source>
      <translation>No.</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="95" />
      <source>记录</source>
      <translation>Record</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="96" />
      <source>字段</source>
      <translation>Field</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="97" />
      <source>指挥中心的值</source>
      <translation>HQ value</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="99" />
      <source>现行</source>
      <translation>In force</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="100" />
      <source>规则</source>
      <translation>Rule</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="109" />
      <source>处理同步冲突</source>
      <translation>Resolve sync conflict</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="110" />
      <source>将 {record} 的“{field}”定为：
{value}

各站点下次同步时都会采用这个值。确定吗？</source>
      <translation>Set "{field}" of {record} to:
{value}

Every station takes this value at its next sync. Continue?</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="121" />
      <source>注册到指挥中心</source>
      <translation>Enrol with HQ</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="127" />
      <source>指挥中心发放的一次性注册码，如 ABCD-EFGH-JKLM</source>
      <translation>one-time code from HQ, e.g. ABCD-EFGH-JKLM</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="130" />
      <source>（可选）政务内网 CA 证书文件</source>
      <translation>(optional) intranet CA certificate file</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="131" />
      <source>选择…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="141" />
      <source>指挥中心地址</source>
      <translation>HQ address</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="142" />
      <source>注册码</source>
      <translation>Enrolment code</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="143" />
      <source>CA 证书</source>
      <translation>CA certificate</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="146" />
      <source>注册</source>
      <translation>Enrol</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="156" />
      <source>选择 CA 证书</source>
      <translation>Choose CA certificate</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="157" />
      <source>证书 (*.pem *.crt *.cer);;所有文件 (*)</source>
      <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="164" />
      <source>请填写指挥中心地址和注册码。</source>
      <translation>Enter the HQ address and the enrolment code.</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="166" />
      <source>正在注册…</source>
      <translation>Enrolling…</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="209" />
      <source>指挥中心</source>
      <translation>HQ</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="210" />
      <source>队列</source>
      <translation>Queue</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="211" />
      <source>最近一次成功同步</source>
      <translation>Last successful sync</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="213" />
      <source>立即同步 (F9)</source>
      <translation>Sync now (F9)</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="218" />
      <source>注册到指挥中心…</source>
      <translation>Enrol with HQ…</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="229" />
      <source>保留指挥中心的值</source>
      <translation>Keep HQ value</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="232" />
      <source>采用后到的修改</source>
      <translation>Take later edit</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="236" />
      <source>同步冲突（两台设备改了同一项，两个值都已保存）</source>
      <translation>Sync conflicts (two devices changed the same item; both values are kept)</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="272" />
      <source>无法读取同步状态</source>
      <translation>Cannot read the sync status</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="278" />
      <source>待同步 {n} 项</source>
      <translation>{n} changes waiting</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="284" />
      <source>{url}（站点“{station}”）</source>
      <translation>{url} (station "{station}")</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="286" />
      <source>重新注册…</source>
      <translation>Enrol again…</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="288" />
      <source>尚未注册。所有数据都保存在本机；注册后自动同步。</source>
      <translation>Not enrolled. All data stays on this laptop; after enrolment it syncs by itself.</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="290" />
      <source>待同步 {n} 项，{files} 个文件（照片等）</source>
      <translation>{n} changes and {files} files (photos etc.) waiting</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="293" />
      <source>从未</source>
      <translation>never</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="295" />
      <source>上次同步失败：{m}</source>
      <translation>Last sync failed: {m}</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="301" />
      <source>有 {n} 条冲突待处理</source>
      <translation>{n} conflicts to resolve</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="302" />
      <source>空闲</source>
      <translation>idle</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="307" />
      <source>正在同步…（不影响其他工作）</source>
      <translation>Syncing… (other work goes on)</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="320" />
      <source>本站尚未注册到指挥中心，请先注册。</source>
      <translation>This station is not enrolled with HQ; enrol first.</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="327" />
      <source>已注册到指挥中心（站点“{s}”），开始同步。</source>
      <translation>Enrolled with HQ (station "{s}"); syncing.</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="348" />
      <source>冲突 #{id} 已处理；各站点下次同步时采用。</source>
      <translation>Conflict #{id} resolved; every station takes it at its next sync.</translation>
    </message>
    <message>
      <location filename="../pages/sync_page.py" line="349" />
      <source>无法处理冲突</source>
      <translation>Cannot resolve the conflict</translation>
    </message>
    <message>
      <location filename="../pages/today.py" line="31" />
      <source>复查逾期 {n} 天</source>
      <translation>Re-check {n} d late</translation>
    </message>
    <message>
      <location filename="../pages/today.py" line="32" />
      <source>今日到期</source>
      <translation>Due today</translation>
    </message>
    <message>
      <location filename="../pages/today.py" line="32" />
      <source>整改复查</source>
      <translation>Re-check</translation>
    </message>
    <message>
      <location filename="../pages/today.py" line="33" />
      <source>新分派</source>
      <translation>Newly assigned</translation>
    </message>
    <message>
      <location filename="../pages/today.py" line="33" />
      <source>审批退回</source>
      <translation>Returned</translation>
    </message>
    <message>
      <location filename="../pages/today.py" line="46" />
      <source>期限</source>
      <translation>Due</translation>
    </message>
    <message>
      <location filename="../pages/today.py" line="68" />
      <source>今天没有到期或逾期的事项。</source>
      <translation>Nothing is due or overdue today.</translation>
    </message>
    <message>
      <location filename="../pages/today.py" line="88" />
      <source>无法读取今日待办</source>
      <translation>Cannot read today's work</translation>
    </message>
    <message>
      <location filename="../pages/today.py" line="94" />
      <source>{name} 的今日待办：共 {n} 项，其中逾期 {overdue} 项</source>
      <translation>Today for {name}: {n} items, {overdue} overdue</translation>
    </message>
    <message>
      <location filename="../pdf_pages.py" line="174" />
      <source>缩小</source>
      <translation>Zoom out</translation>
    </message>
    <message>
      <location filename="../pdf_pages.py" line="176" />
      <source>放大</source>
      <translation>Zoom in</translation>
    </message>
    <message>
      <location filename="../pdf_pages.py" line="178" />
      <source>适合宽度</source>
      <translation>Fit width</translation>
    </message>
    <message>
      <location filename="../pdf_pages.py" line="204" />
      <source>共 {n} 页</source>
      <translation>{n} pages</translation>
    </message>
    <message>
      <location filename="../signin.py" line="67" />
      <source>无法核对密码，请稍后重试。详细信息已写入日志。</source>
      <translation>Could not check the password; try again later. Details are in the log.</translation>
    </message>
    <message>
      <location filename="../signin.py" line="104" />
      <source>当前密码</source>
      <translation>Current password</translation>
    </message>
    <message>
      <location filename="../signin.py" line="105" />
      <source>新密码</source>
      <translation>New password</translation>
    </message>
    <message>
      <location filename="../signin.py" line="106" />
      <source>再次输入新密码</source>
      <translation>New password again</translation>
    </message>
    <message>
      <location filename="../signin.py" line="107" />
      <source>至少 8 位，不能与执法证号相同。</source>
      <translation>At least 8 characters, not the badge number.</translation>
    </message>
    <message>
      <location filename="../signin.py" line="127" />
      <source>登录 — 城管网格执法助手</source>
      <translation>Sign in — Grid Enforcement Assistant</translation>
    </message>
    <message>
      <location filename="../signin.py" line="136" />
      <source>站点：{station}</source>
      <translation>Station: {station}</translation>
    </message>
    <message>
      <location filename="../signin.py" line="138" />
      <source>（演示数据）</source>
      <translation> (demo data)</translation>
    </message>
    <message>
      <location filename="../signin.py" line="152" />
      <source>演示站点：演示账户 {badge}（张建国，中队长）无需密码，直接按回车进入。</source>
      <translation>Demo station: the demo account {badge} (Zhang Jianguo, team lead) needs no password — press Enter.</translation>
    </message>
    <message>
      <location filename="../signin.py" line="168" />
      <source>登录</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <location filename="../signin.py" line="204" />
      <source>请输入执法证号</source>
      <translation>Enter the badge number</translation>
    </message>
    <message>
      <location filename="../signin.py" line="222" />
      <source>您使用的是管理员重置的临时密码，请设置新密码后进入。</source>
      <translation>You signed in with a temporary password set by an administrator: set a new password to continue.</translation>
    </message>
    <message>
      <location filename="../signin.py" line="224" />
      <source>您的账户还没有密码，请设置密码后进入。</source>
      <translation>Your account has no password yet: set one to continue.</translation>
    </message>
    <message>
      <location filename="../signin.py" line="225" />
      <source>设置并进入</source>
      <translation>Set and sign in</translation>
    </message>
    <message>
      <location filename="../sync_runner.py" line="100" />
      <source>本站尚未注册到指挥中心，请先在“同步”页注册。</source>
      <translation>This station is not enrolled with HQ; enrol on the Sync page first.</translation>
    </message>
    <message>
      <location filename="../sync_runner.py" line="104" />
      <source>同步完成：上传 {up} 项、{files} 个文件，接收 {down} 项。</source>
      <translation>Sync done: sent {up} changes and {files} files, received {down}.</translation>
    </message>
    <message>
      <location filename="../sync_runner.py" line="110" />
      <source>同步失败：{e}</source>
      <translation>Sync failed: {e}</translation>
    </message>
    <message>
      <location filename="../tasks.py" line="426" />
      <source>请稍候</source>
      <translation>Please wait</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="147" />
      <source>案件来源</source>
      <translation>Source of the case</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="148" />
      <source>这件案件是怎么发现的？</source>
      <translation>How was this case found?</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="163" />
      <source>12345 工单号</source>
      <translation>12345 ticket number</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="174" />
      <source>工单号(&amp;K)：</source>
      <translation>Tic&amp;ket number:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="175" />
      <source>发现时间(&amp;T)：</source>
      <translation>Found a&amp;t:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="178" />
      <source>（暂不指定）</source>
      <translation>(not yet)</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="179" />
      <source>执法人员不得少于两人（行政处罚法第四十二条）；未指定的，作出决定前须补充</source>
      <translation>At least two officers are required (APL Art 42); without one, add one before any decision</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="180" />
      <source>协办人员(&amp;H)：</source>
      <translation>Partner (&amp;H):</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="211" />
      <source>违法行为发生在哪里？</source>
      <translation>Where did the violation happen?</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="214" />
      <source>例如：上海市黄浦区南京东路100号门前</source>
      <translation>For example: 100 East Nanjing Road, Huangpu District, Shanghai</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="220" />
      <source>纬度，可不填，如 31.2353</source>
      <translation>Latitude, optional, e.g. 31.2353</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="223" />
      <source>经度，可不填，如 121.4840</source>
      <translation>Longitude, optional, e.g. 121.4840</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="227" />
      <source>纬度(&amp;L)：</source>
      <translation>&amp;Latitude:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="228" />
      <source>经度(&amp;O)：</source>
      <translation>L&amp;ongitude:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="247" />
      <source>输入关键字查找，选择一项违法行为。</source>
      <translation>Type a keyword and choose a violation.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="251" />
      <source>如：占道、设摊、广告、渣土</source>
      <translation>e.g. street, stall, advertising, spoil</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="261" />
      <source>查找(&amp;F)：</source>
      <translation>&amp;Find:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="267" />
      <source>说理：</source>
      <translation>Explain:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="297" />
      <source>违反：{violated}
处罚：{penalty}</source>
      <translation>Violates: {violated}
Penalty: {penalty}</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="310" />
      <source>先查找已登记的当事人，找不到再新建。</source>
      <translation>Look for a registered party first; create one only if none is found.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="313" />
      <source>已登记的当事人(&amp;E)</source>
      <translation>R&amp;egistered party</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="313" />
      <source>新建当事人(&amp;W)</source>
      <translation>Ne&amp;w party</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="314" />
      <source>暂不登记当事人(&amp;U)</source>
      <translation>No party for now (&amp;U)</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="324" />
      <source>姓名/名称、身份证号/统一社会信用代码或电话</source>
      <translation>Name, ID number / unified social credit code, or phone</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="333" />
      <source>结果：</source>
      <translation>Found:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="344" />
      <source>18 位身份证号或统一社会信用代码，可不填</source>
      <translation>18-character ID number or unified social credit code, optional</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="362" />
      <source>类型(&amp;K)：</source>
      <translation>&amp;Kind:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="363" />
      <source>姓名/名称(&amp;N)：</source>
      <translation>&amp;Name:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="364" />
      <source>证件号码(&amp;I)：</source>
      <translation>&amp;ID number:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="365" />
      <source>电话(&amp;P)：</source>
      <translation>&amp;Phone:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="366" />
      <source>住址/住所(&amp;D)：</source>
      <translation>A&amp;ddress:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="367" />
      <source>需关照情形：</source>
      <translation>Care needs:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="369" />
      <source>当事人可以在案件中以后再关联。</source>
      <translation>A party can be linked to the case later.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="388" />
      <source>没有找到，可以选择“新建当事人”。</source>
      <translation>Nobody found; choose “New party”.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="414" />
      <source>案情</source>
      <translation>Facts</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="415" />
      <source>按模板写明时间、地点、当事人和违法事实，可随时修改。</source>
      <translation>Following the template, write the time, place, party and facts; you can change them later.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="420" />
      <source>套用模板(&amp;M)</source>
      <translation>Use te&amp;mplate</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="469" />
      <source>照片和其他证据</source>
      <translation>Photos and other evidence</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="470" />
      <source>把照片拖到下面，或点击“添加文件”。登记后在后台导入，可以先不加。</source>
      <translation>Drag photos below or click “Add files”. They are imported in the background after the case is registered; you can also add them later.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="474" />
      <source>添加文件(&amp;A)…</source>
      <translation>&amp;Add files…</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="476" />
      <source>移除(&amp;R)</source>
      <translation>&amp;Remove</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="490" />
      <source>登记案件(&amp;R)</source>
      <translation>&amp;Register case</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="496" />
      <source>还有需要修改的地方，请返回相应步骤查看。</source>
      <translation>Some entries still need correcting; go back to the step shown.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="522" />
      <source>已登记</source>
      <translation>Registered</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="532" />
      <source>取消导入(&amp;C)</source>
      <translation>&amp;Cancel import</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="544" />
      <source>案件编号：{number}
预警：{stage}
在先案件：{earlier} 件
免罚核查：{outcome}

点击“完成”打开案件，在“免罚核查”中逐项确认。</source>
      <translation>Case number: {number}
Warning level: {stage}
Earlier cases: {earlier}
Exemption check: {outcome}

Click “Finish” to open the case and confirm each answer under “Exemption check”.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="559" />
      <source>新建案件</source>
      <translation>New case</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="574" />
      <source>下一步(&amp;N)</source>
      <translation>&amp;Next</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="575" />
      <source>上一步(&amp;B)</source>
      <translation>&amp;Back</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="577" />
      <source>完成并打开案件(&amp;F)</source>
      <translation>&amp;Finish and open case</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="612" />
      <source>无法查找当事人</source>
      <translation>Cannot search the parties</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="675" />
      <source>无法检查输入</source>
      <translation>Cannot check the entries</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="707" />
      <source>案件未能登记</source>
      <translation>Case not registered</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="722" />
      <source>正在导入 {n} 个文件…</source>
      <translation>Importing {n} files…</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="727" />
      <source>已取消导入，未导入任何文件。可在案件的“证据”中重新添加。</source>
      <translation>Import cancelled; no file was imported. Add them again under the case's “Evidence”.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="751" />
      <source>以下提示已随证据记录：</source>
      <translation>These warnings were recorded with the evidence:</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="775" />
      <source>照片未能导入，可在案件的“证据”中重新添加。</source>
      <translation>The photos were not imported; add them again under the case's “Evidence”.</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="776" />
      <source>照片未能导入</source>
      <translation>Photos not imported</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="831" />
      <source>放弃登记</source>
      <translation>Discard case</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="832" />
      <source>已填写的内容尚未登记，关闭后将丢失。确定放弃吗？</source>
      <translation>What you entered is not registered yet and will be lost. Discard it?</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="833" />
      <source>放弃</source>
      <translation>Discard</translation>
    </message>
    <message>
      <location filename="../wizard.py" line="834" />
      <source>继续填写</source>
      <translation>Keep editing</translation>
    </message>
  </context>
</TS>
