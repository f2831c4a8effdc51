import SiteLedgerCore
import Testing

@Suite("C2SP signed notes")
struct NoteTests {
    let vectors: SignedNoteVectors

    init() throws {
        vectors = try SignedNoteVectors.load()
    }

    static let fooKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
    static let peterKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let peterPrivate = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"

    @Test func everyNoteVector() throws {
        #expect(vectors.notes.count == 5)
        for vector in vectors.notes {
            let note = try Note(parsing: vector.note)
            let verifiers = try vector.verifierKeys.map(NoteVerifier.init(verifierKey:))
            if let expected = vector.expectVerifiedBy {
                let verified = try note.verify(with: verifiers)
                #expect(verified.map(\.name) == expected, "\(vector.desc)")
            } else {
                let message = try #require(vector.expectError)
                let error = #expect(throws: NoteError.self, "\(vector.desc)") { try note.verify(with: verifiers) }
                #expect(error?.description == message, "\(vector.desc)")
            }
        }
    }

    @Test func signingVector_givesExactlyTheExpectedLine() throws {
        #expect(vectors.signing.count == 1)
        for vector in vectors.signing {
            let signer = try NoteSigner(privateKey: vector.privateKey)
            #expect(signer.privateKey == vector.privateKey)
            #expect(signer.verifier.verifierKey == Self.peterKey)
            let line = try signer.signatureLine(for: vector.text)
            #if canImport(CryptoKit)
            // Apple's CryptoKit randomizes Ed25519 signatures; they still verify.
            let note = try Note(parsing: vector.text + "\n" + line + "\n")
            #expect(try note.verify(with: [signer.verifier]).map(\.name) == ["PeterNeumann"])
            #else
            #expect(line == vector.expectSignatureLine, "\(vector.desc)")
            #endif
        }
    }

    @Test func verifierKeys_parseAndPrint() throws {
        let verifier = try NoteVerifier(verifierKey: Self.fooKey)
        #expect(verifier.name == "example.com/foo")
        #expect(verifier.keyID == 0x530d_903a)
        #expect(verifier.verifierKey == Self.fooKey)
        #expect(verifier.publicKey.count == 32)
        // Base64 with "+" in it: only the first two "+" split.
        let enoch = try NoteVerifier(verifierKey: "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop")
        #expect(enoch.keyID == 0xaf0c_fe78)
    }

    @Test(arguments: [
        "",
        "example.com/foo",
        "example.com/foo+530d903a",
        "+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // empty name
        "example.com/foo+530d903g+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // bad hex
        "example.com/foo+530d903+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // short hex
        "example.com/foo+530d903a0+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // long hex
        "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // wrong key id
        "example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // id of another name
        "example.com/foo+530d903a+AkyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // not base64
        "example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // type byte 2
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3Q==",  // short key
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2kAA==",  // long key
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k ",
        "example com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",  // space in name
    ])
    func malformedVerifierKeysAreRejected(key: String) {
        #expect(throws: NoteError.self) { try NoteVerifier(verifierKey: key) }
    }

    @Test(arguments: [
        "",
        "PRIVATE+KEY+PeterNeumann+c74f20a3",
        "PRIVATE+KEX+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        "PUBLIC+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",  // wrong id
        "PRIVATE+KEY+PeterNeumann+c74f20zz+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",  // bad hex
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",  // type byte 2
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKA==",  // short seed
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF",  // bad base64
        "PRIVATE+KEY++c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",  // empty name
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // a verifier key
    ])
    func malformedPrivateKeysAreRejected(key: String) {
        #expect(throws: NoteError.self) { try NoteSigner(privateKey: key) }
    }

    @Test func generatedKeys_signAndVerify_andRoundTrip() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/test")
        let again = try NoteSigner(privateKey: signer.privateKey)
        #expect(again.verifier == signer.verifier)
        #expect(try NoteVerifier(verifierKey: signer.verifier.verifierKey) == signer.verifier)
        let other = try NoteSigner.generate(name: "witness.example/w1")
        let signed = try Note.sign(text: "hello\nworld\n", with: [signer, other])
        let note = try Note(parsing: signed)
        #expect(note.text == "hello\nworld\n")
        #expect(note.signatures.map(\.name) == ["ledger.example/test", "witness.example/w1"])
        #expect(note.signatures[0].keyID == signer.keyID)
        #expect(try note.verify(with: [other.verifier, signer.verifier]) == [signer.verifier, other.verifier])
        #expect(try note.verify(with: [other.verifier]) == [other.verifier])
        #expect(signer.verifier.verify(text: note.text, signature: note.signatures[0].signature))
        #expect(!signer.verifier.verify(text: "hello\nworld!\n", signature: note.signatures[0].signature))
        #expect(!signer.verifier.verify(text: note.text, signature: note.signatures[1].signature))
        #expect(!signer.verifier.verify(text: note.text, signature: []))
    }

    @Test(arguments: ["", "a+b", "a b", "a\tb", "a\u{00A0}b", "a\u{3000}b", "a\nb"])
    func invalidKeyNamesAreRejected(name: String) {
        #expect(throws: NoteError.self) { try NoteSigner.generate(name: name) }
    }

    @Test func signing_refusesBadText() throws {
        let signer = try NoteSigner.generate(name: "n")
        #expect(throws: NoteError.self) { try signer.signatureLine(for: "no newline") }
        #expect(throws: NoteError.self) { try signer.signatureLine(for: "tab\there\n") }
        #expect(throws: NoteError.self) { try signer.signatureLine(for: "cr\r\n") }
        #expect(throws: NoteError.self) { try Note.sign(text: "x\n", with: []) }
        // Empty lines inside the text are allowed; the last blank line separates.
        let signed = try Note.sign(text: "a\n\nb\n", with: [signer])
        #expect(try Note(parsing: signed).text == "a\n\nb\n")
        #expect(try Note(parsing: signed).verify(with: [signer.verifier]) == [signer.verifier])
    }

    @Test func keysWithTheSameNameOrIDButNotBoth_areIgnored() throws {
        let signer = try NoteSigner.generate(name: "log.example")
        let impostor = try NoteSigner.generate(name: "log.example")
        let signed = try Note.sign(text: "x\n", with: [impostor])
        #expect(throws: NoteError.noVerifiableSignatures) { try Note(parsing: signed).verify(with: [signer.verifier]) }
        #expect(NoteError.noVerifiableSignatures.description == "no verifiable signatures")
        #expect(NoteError.invalidSignature.description == "invalid signature")
    }

    static let example = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"

    @Test(arguments: [
        "This is an example message.\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",  // no blank line
        "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=",  // no final newline
        "This is an example message.\n\n",  // no signatures
        "This is an example message.",
        "",
        "This is an example message.\n\n- example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",  // hyphen
        "This is an example message.\n\n\u{2014}example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
        "This is an example message.\n\n\u{2014} example.com/foo\n",  // no signature
        "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM\n",  // bad base64
        "This is an example message.\n\n\u{2014} example.com/foo Uw2Q!kn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
        "This is an example message.\n\n\u{2014} example.com/foo Uw2QOg==\n",  // too short
        "This is an example message.\n\n\u{2014} example.com/foo  Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",  // two spaces
        "This is an example message.\n\n\u{2014}  Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",  // empty name
        "This is an example message.\n\n\u{2014} a+b Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",  // + in name
        "This is an\texample message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",  // control character
        "This is an example message.\r\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n",
        "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n\n",  // trailing blank line
    ])
    func malformedNotesAreRejected(note: String) {
        #expect(throws: NoteError.self) { try Note(parsing: note) }
    }

    @Test func notes_acceptAtLeast16SignaturesButNotMoreThan100() throws {
        let signer = try NoteSigner.generate(name: "log.example")
        let line = try signer.signatureLine(for: "x\n")
        let sixteen = "x\n\n" + String(repeating: line + "\n", count: 16)
        #expect(try Note(parsing: sixteen).signatures.count == 16)
        #expect(try Note(parsing: sixteen).verify(with: [signer.verifier]) == [signer.verifier])
        let hundred = "x\n\n" + String(repeating: line + "\n", count: 100)
        #expect(try Note(parsing: hundred).signatures.count == 100)
        #expect(throws: NoteError.self) { try Note(parsing: hundred + line + "\n") }
    }

    @Test func notesFromBytes_mustBeUTF8() throws {
        #expect(try Note(parsing: Array(Self.example.utf8)).text == "This is an example message.\n")
        var bytes = Array(Self.example.utf8)
        bytes[3] = 0xFF
        #expect(throws: NoteError.self) { try Note(parsing: bytes) }
    }
}
