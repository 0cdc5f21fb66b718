Attribute VB_Name = "XltoolRibbon"
' xltool ribbon callbacks: the source of the XltoolRibbon module in xltool.xlam.
'
' Every button of the ribbon tab but one calls OnAction, which passes the button's id to a
' single Python entry point, xltool.addin.live.on_button, through xlwings' RunPython
' (the xlwings module of this add-in). Python then works on the active workbook via
' xw.Book.caller(), so new buttons need only customUI.xml and Python, no new VBA.
' OnBatch (the batch button) first shows a folder picker, which only VBA can do.
'
' Keep this file ASCII: VBA source is stored in the system code page, so Chinese
' text lives in Python and customUI.xml. The one message shown here is spelled as
' Unicode code points (FromCodePoints) for the same reason.
'
' Rebuild the add-in after editing:  xltool addin build -o xltool.xlam
Option Explicit

Public Sub OnAction(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        ' Message: Qing xian dakai yao hecha de gongzuobu. / Jixiao hecha
        MsgBox FromCodePoints("8BF7 5148 6253 5F00 8981 6838 67E5 7684 5DE5 4F5C 7C3F 3002"), vbInformation, FromCodePoints("7EE9 6548 6838 67E5")
        Exit Sub
    End If
    RunPython "import xltool.addin.live as live; live.on_button('" & control.Id & "')"
End Sub

Public Sub OnBatch(control As IRibbonControl)
    ' Pick a folder, then hand it to Python as hex code points, so that any character
    ' (Chinese, quotes, backslashes) reaches Python unchanged through RunPython's string.
    Dim folder As String
    With Application.FileDialog(4) ' msoFileDialogFolderPicker
        ' Title: Xuanze yao piliang hecha de wenjianjia
        .Title = FromCodePoints("9009 62E9 8981 6279 91CF 6838 67E5 7684 6587 4EF6 5939")
        .AllowMultiSelect = False
        If .Show <> -1 Then Exit Sub
        folder = .SelectedItems(1)
    End With
    RunPython "import xltool.addin.live as live; live.on_button('" & control.Id & "', folder='" & ToCodePoints(folder) & "')"
End Sub

Private Function ToCodePoints(text As String) As String
    Dim i As Long
    For i = 1 To Len(text)
        If i > 1 Then ToCodePoints = ToCodePoints & " "
        ToCodePoints = ToCodePoints & Hex(AscW(Mid(text, i, 1)) And &HFFFF&)
    Next i
End Function

Private Function FromCodePoints(hexCodes As String) As String
    Dim code As Variant
    For Each code In Split(hexCodes, " ")
        FromCodePoints = FromCodePoints & ChrW(CLng("&H" & code))
    Next code
End Function
