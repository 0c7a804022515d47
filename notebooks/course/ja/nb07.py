"""Japanese text of notebook 07 · ドメイン コントローラー (code: ``notebooks/course/nb07.py``)."""

MARKDOWN = {
    "title": r"""
# 07 · ドメイン コントローラー: VM 世代 ID、USN ロールバック、DSRM

| | |
|---|---|
| **目標** | このノートブックを終えると、次のことができます: ドメイン コントローラー (DC) を巻き戻すことがなぜ危険かを説明する。Windows Server 2012 以降の DC がどのように自分を守るか (VM 世代 ID、B22)、Windows Server 2008 R2 の DC がなぜ守れないか (A10, B23) を述べる。USN ロールバックとイベント ID 2095 を見分ける。古い DC をサポートされた方法 (DSRM、A11) または強制降格で回復する。 |
| **前提** | 04 (チェックポイントの適用)。または「チェックポイントを適用すると VM のディスクが巻き戻る」ことを知っていること。 |
| **所要時間** | 約 30 分 |
| **ポイント** | A10, A11 · 裁定 B22, B23 |

*English version: [../07-domain-controllers.ipynb](../07-domain-controllers.ipynb)*
""",
    "model": r"""
## 1. DC が特別な理由

Active Directory は DC どうしでレプリケーションを行います。各 DC は自分の変更に、自分の **invocationID** のもとで
**更新シーケンス番号 (USN)** を振ります。レプリケーション パートナーは、その DC から受け取った最大の USN を覚えています。
チェックポイントはディスクと一緒に DC のデータベースを巻き戻しますが、パートナーが覚えている内容は **巻き戻しません**。

hvlab はまさにそこだけをモデル化しています。ディレクトリはゲストのディスク上のファイルで、DC の invocationID と
最大 USN を持ち、`dc.directory` がパートナー側 (受け取った最大 USN) を持ちます。

Microsoft のガイダンス (DC-HYPERV, CHOOSE): DC のゲストでサポートされるのは運用チェックポイントだけです。
"When not running Windows Server 2012 or later, don't take or use a snapshot of a DC VM."
(Windows Server 2012 以降でない場合は、DC の VM のスナップショットを作成も使用もしない)。2012 以降であっても、
スナップショットからの復元は "is not recommended as an alternative mechanism to backing up a domain controller"
(ドメイン コントローラーのバックアップの代わりとしては推奨されない) とされています (DC-L100)。
""",
    "b22-predict": r"""
## 2. Windows Server 2022 の DC (B22)

実行中の DC の運用チェックポイントを作成し、ディレクトリに 2 つの変更を加え (パートナーへレプリケートされます)、
チェックポイントを適用して DC を起動します。

> **予想。** DC は古いデータベースで戻ってきます。パートナーはこの DC の次の変更を受け入れるでしょうか。
""",
    "b22-explain": r"""
### 解説

Windows Server 2012 以降のホスト上の Windows Server 2012 以降の DC は、**VM 世代 ID** (VM-Generation ID) を
読み取ります。チェックポイントを適用するとこの ID が変わり、DC は起動時にそれに気付いて **invocationID をリセットし、
RID プールを破棄** してから、パートナーと再同期します (B22, DC-ARCH)。新しい変更には新しい invocationID が付くので、
パートナーはそれを受け入れます。安全です。
""",
    "a10-predict": r"""
## 3. Windows Server 2008 R2 の DC (A10, B23)

手順は同じですが、DC は Windows Server 2008 R2 で動いています。VM 世代 ID による保護はありません。

> **予想。** **運用** チェックポイントなら安全になるでしょうか。
""",
    "b23-silent": r"""
### 解説: USN ロールバック — 最初は何も起きないように見える

運用チェックポイントは正しく作成されました。しかし、それを適用することは DC の **復元** にほかなりません (A10, A11)。
DC は **同じ invocationID のまま** 古い USN で戻ってきました。パートナーがすでに受け取り済みの USN を再利用するので、
パートナーはこの DC の次の変更を **黙って読み飛ばします**。オブジェクトやパスワードが食い違い始めますが、
`repadmin /showreps` にはエラーが表示されません (B23, KB875495)。

> **予想。** ここで DC が変更を加えます。何が起きるでしょう。
""",
    "b23-detected-explain": r"""
AD はロールバックを検出すると **イベント ID 2095** を記録します (英語のメッセージ: "During an Active Directory Domain
Services replication request, the local domain controller (DC) identified a remote DC which has
received replication data from the local DC using already-acknowledged USN tracking numbers."。ローカル DC が、
受け取り済みの USN を使ったレプリケーション データを受け取ったリモート DC を見つけた、という意味です)。
そして **Net Logon サービスを一時停止** し、**受信と送信のレプリケーションを無効に** します (B23)。イベントの助言は
"If this situation occurred because of an improper or unintended restore, forcibly demote
the DC." (不適切な、または意図しない復元によってこの状況が起きたのなら、DC を強制的に降格する) です。
DC が通常どおり起動してしまった後は、それが唯一の出口です:
""",
    "a11-predict": r"""
## 4. サポートされた回復方法: ディレクトリ サービス復元モード (A11, B23)

運用チェックポイントの適用は、バックアップからの VM の復元と同じです (A11)。バックアップから復元した古い DC は、
物理マシンの DC と同じ方法で、**最初に通常起動する前に** 回復しなければなりません (DC-RESTORE):

1. **ディレクトリ サービス復元モード** (Directory Services Restore Mode、DSRM) で起動する (F8 → 詳細ブート オプション
   → Directory Services Restore Mode)。
2. DWORD 値 `HKLM\SYSTEM\CurrentControlSet\Services\NTDS\Parameters\Database restored from backup` = 1 を作成する。
3. 通常どおり再起動し、**イベント ID 1109** ("The invocationID attribute for this directory
   server has been changed."、このディレクトリ サーバーの invocationID 属性が変更された) が記録されたこと、
   `DSA Previous Restore Count` が 1 増えたことを確認する。

"starting a DC in normal mode increments the USNs, even if the DC is disconnected from the network"
(DC を通常モードで起動すると、ネットワークから切り離されていても USN が増える) — だから順序が重要なのです。

> **予想。** DSRM で復元した後、パートナーはこの DC の次の変更を受け入れるでしょうか。
""",
    "a11-explain": r"""
### 解説

`Database restored from backup` = 1 にすると、DC は **新しい invocationID** を使います (イベント ID 1109)。そのため
パートナーはこの DC の次の変更を新しいものとして扱い、レプリケートします。USN ロールバックは起きません (A11, B23)。

hvlab が単純化している点: DSRM での起動、レジストリの変更、通常の再起動を、ここでは 1 つの手順にまとめています。
また、ディレクトリは 1 つのファイルです。2012 より前の DC に *運用* チェックポイントを適用したときの正確な振る舞いは、
Microsoft が文書化していません。hvlab は記事 (A10) と裁定 B23 に従い、チェックポイント作成後にパートナーが変更を
受け取っている場合、どのチェックポイントであっても適用して通常起動すれば USN ロールバックになる、としています。
""",
    "tree-intro": r"""
参考までに、古い DC のチェックポイント ツリーです:
""",
    "check-title": r"""
## 理解度チェック
""",
    "summary": r"""
## まとめ

- チェックポイントを適用すると DC のデータベースは巻き戻りますが、パートナーが覚えている内容は巻き戻りません。
- Windows Server 2012 以降の DC: **VM 世代 ID** が変わり、DC は invocationID をリセットし、RID プールを破棄して
  再同期します。安全です (B22)。
- Windows Server 2008 R2 以前の DC: 運用チェックポイントでも助けになりません (A10)。適用後に通常起動すると
  **USN ロールバック** が起きます。最初は何も見えず、やがてイベント ID 2095、Net Logon の一時停止、レプリケーションの
  無効化に至ります。出口は **強制降格** です (B23)。
- チェックポイントの適用はバックアップからの復元です。古い DC は最初の通常起動の前に **DSRM** で
  `Database restored from backup` = 1 にして回復します (イベント ID 1109) (A11, B23)。
- Microsoft: Windows Server 2012 より古い DC のスナップショットは作成も使用もしないこと。

**次へ:** [08 · 総復習](08-review.ipynb)
""",
}
