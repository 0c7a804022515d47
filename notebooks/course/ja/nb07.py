"""Japanese text of notebook 07 · ドメイン コントローラー (code: ``notebooks/course/nb07.py``)."""

MARKDOWN = {
    "title": r"""
# 07 · ドメイン コントローラー: VM 世代 ID、USN ロールバック、DSRM

| | |
|---|---|
| **目標** | このノートブックを終えると、次のことができます: ドメイン コントローラー (DC) を巻き戻すことがなぜ危険かを説明する。Windows Server 2012 以降の DC がどのように自分を守るか (VM 世代 ID、B22)、Windows Server 2008 R2 の DC がなぜ守れないか (A10, B23) を述べる。USN ロールバックとイベント ID 2095 を見分ける。Microsoft がサポートする回復方法 (Active Directory 対応のツールによるシステム状態バックアップの復元を、ディレクトリ サービス復元モードで行う、A11) と、最後の手段にあたる手順 (強制降格、古い VHD を使う手順) を区別して述べる。 |
| **前提** | 04 (チェックポイントの適用)。または「チェックポイントを適用すると VM のディスクが巻き戻る」ことを知っていること。 |
| **所要時間** | 約 30 分 |
| **ポイント** | A10, A11 · ルール B22, B23 |

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

USN ロールバックについての Microsoft の記事 (KB875495、
https://learn.microsoft.com/troubleshoot/windows-server/active-directory/detect-and-recover-from-usn-rollback)
は "There are three approaches to recover from a USN rollback." (USN ロールバックからの回復には 3 つの方法がある) と述べ、
次の順に挙げています:

1. **DC をドメインから削除する**: 強制的に降格してスタンドアロン サーバーにし、正常な DC でそのメタデータを
   クリーンアップし、操作マスターの役割を正常な DC に移し、必要なら Active Directory をもう一度インストールする。
2. **正常なバックアップのシステム状態を復元する**: 誤った復元より前に作られ、その DC で行われた最近の変更を
   含むバックアップがある場合。
3. **システム状態バックアップなしでシステム状態を復元する**: スナップショットを復元元として使うか、Microsoft の
   古い VHD を使う手順 (4 節) でデータベースに新しい invocationID を持たせる。

記事はこれらに優先順位の番号を付けてはいませんが、どれがサポートされているかは述べています: "The only
supported way to roll back the contents of Active Directory or the local state of an Active
Directory domain controller is to use an Active Directory-aware backup and restoration utility to
restore a system state backup" (Active Directory の内容や DC のローカルな状態を巻き戻す唯一のサポートされた方法は、
Active Directory 対応のツールでシステム状態バックアップを復元すること)。つまり、正常なシステム状態バックアップが
あればそれが先で、なければ DC を削除して作り直します。古い VHD を使う手順はサポート対象外の最後の手段です (4 節)。
hvlab がシミュレートするのは強制降格です:
""",
    "a11-predict": r"""
## 4. 古い DC の回復: Microsoft がサポートする方法と最後の手段 (A11, B23)

運用チェックポイントの適用は、バックアップからの VM の復元と同じです (A11)。Microsoft のページ
"Restore a virtual domain controller" (DC-RESTORE、
https://learn.microsoft.com/windows-server/identity/ad-ds/manage/virtual-dc/restore-virtualized-domain-controller)
は、仮想 DC を以前の状態に戻す方法を次のように説明しています:

- **サポートされている方法** は、物理マシンの DC と同じです。**システム状態バックアップ** を、それを作成した
  Active Directory 対応のバックアップ ツールで復元します。このとき DC は通常モードではなく **ディレクトリ サービス
  復元モード (DSRM)** で起動しておきます。DSRM に入るには、VM を起動して **F5** キーで Windows Boot Manager を開き、
  **F8** キーで詳細ブート オプションを開いて Directory Services Restore Mode を選びます。KB875495 の言葉では
  "The only supported way to roll back the contents of Active Directory or the local state of an
  Active Directory domain controller is to use an Active Directory-aware backup and restoration
  utility to restore a system state backup that originated from the same operating system
  installation and the same physical or virtual computer that is being restored."
  (Active Directory の内容や DC のローカルな状態を巻き戻す唯一のサポートされた方法は、同じ OS インストール、
  同じ物理または仮想コンピューターで作られたシステム状態バックアップを、Active Directory 対応のツールで復元すること)
  です。
- **最後の手段** は、**システム状態バックアップがなく**、どの VM もまだ通常モードで起動していない古い VHD
  (ここではチェックポイントのディスク) だけがある場合のものです。Microsoft の警告: "You shouldn't use this
  procedure as a substitute for regularly planned and scheduled backups. Restores performed with
  this procedure aren't supported by Microsoft. Use this procedure only when there's no
  alternative." (この手順を定期的なバックアップの代わりにしてはいけない。この手順で行った復元は Microsoft の
  サポート対象外である。ほかに方法がないときだけ使うこと)

hvlab はバックアップもその復元もシミュレートしないため、サポートされた方法は見せられません。シミュレートするのは
最後の手段、Microsoft の古い VHD を使う手順です:

1. DC を **DSRM** で起動する (F5、次に F8 → Directory Services Restore Mode)。通常モードでは決して起動しない。
2. DWORD 値 `HKLM\SYSTEM\CurrentControlSet\Services\NTDS\Parameters\Database restored from backup` = 1 を作成する。
3. 通常モードで再起動し、**イベント ID 1109** ("The invocationID attribute for this directory
   server has been changed."、このディレクトリ サーバーの invocationID 属性が変更された) が記録されたこと、
   `DSA Previous Restore Count` が 1 増えたことを確認する。

"starting a DC in normal mode increments the USNs, even if the DC is disconnected from the network"
(DC を通常モードで起動すると、ネットワークから切り離されていても USN が増える) — だから順序が重要なのです。

> **予想。** この手順の後、パートナーはこの DC の次の変更を受け入れるでしょうか。
""",
    "a11-explain": r"""
### 解説

`Database restored from backup` = 1 にすると、DC は **新しい invocationID** を使います (イベント ID 1109)。そのため
パートナーはこの DC の次の変更を新しいものとして扱い、レプリケートします。このラボでは USN ロールバックは起きません
(B23)。それでも、この手順がサポート対象になるわけではありません。Microsoft はこれをほかに方法がないときのために残しており、
サポートしているのは DSRM でのシステム状態バックアップの復元です (A11, B23)。

hvlab が単純化している点: DSRM での起動、レジストリの変更、通常の再起動を、ここでは 1 つの手順にまとめています。
また、ディレクトリは 1 つのファイルです。2012 より前の DC に *運用* チェックポイントを適用したときの正確な振る舞いは、
Microsoft が文書化していません。hvlab は記事 (A10) とルール B23 に従い、チェックポイント作成後にパートナーが変更を
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
  無効化に至ります。KB875495 が挙げる回復方法は 3 つです: DC をドメインから削除する (強制降格)、正常なバックアップの
  システム状態を復元する、システム状態バックアップなしで復元する (B23)。
- チェックポイントの適用はバックアップからの復元です (A11)。Microsoft がサポートする戻し方は 1 つだけで、物理 DC と
  同じく、**DSRM** (F5、次に F8) で Active Directory 対応のツールにより **システム状態バックアップ** を復元することです。
  そのバックアップがないとき、最初の通常起動の前に DSRM で `Database restored from backup` = 1 にする手順
  (イベント ID 1109) は Microsoft の最後の手段であり、"Restores performed with this procedure aren't supported
  by Microsoft" (この手順による復元はサポート対象外) とされています (B23)。
- Microsoft: Windows Server 2012 より古い DC のスナップショットは作成も使用もしないこと。

**次へ:** [08 · 総復習](08-review.ipynb)
""",
}
