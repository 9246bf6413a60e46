// Repairs TorchSharp 0.107.0 on systems whose libstdc++ predates GCC 13 (Debian 12 has GLIBCXX up to 3.4.30).
// libLibTorchSharp.so declares a need for GLIBCXX_3.4.32 only for the anchor symbol _ZSt21ios_base_library_initv,
// which GCC 13's <iostream> references but never calls. Marking that version requirement weak (VER_FLG_WEAK in its
// Elf64_Vernaux entry) makes the dynamic loader warn instead of refusing the library. No library does this ELF edit,
// so it is written here by hand; it mirrors shared/reference/weaken_verneed.py.
//
// This one file is compiled twice: by MSBuild's RoslynCodeTaskFactory (build/LibTorchSharp.targets) as the build task,
// and into the test project (with EQUIDYN_BUILD_TESTS defined) so that the byte edit itself is unit-tested.
#nullable enable
using System;
using System.IO;
using System.Linq;
using System.Text;

namespace EquiDyn.Build
{
    /// <summary>Reads and edits the version-needs section (.gnu.version_r) of a little-endian ELF64 shared library.</summary>
    public static class ElfVersionNeed
    {
        private const ushort VerFlagWeak = 0x2;
        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Whether a shared library's bytes define the symbol version <paramref name="version"/>
        /// (e.g. whether the system libstdc++ provides GLIBCXX_3.4.32).</summary>
        public static bool DefinesVersionString(byte[] library, string version)
        {
            byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
            return IndexOf(library, needle) >= 0;
        }

        /// <summary>Marks every requirement of <paramref name="version"/> weak. Returns how many entries changed
        /// (0 when already weak or absent: the edit is idempotent).</summary>
        /// <exception cref="InvalidDataException">The bytes are not a little-endian ELF64 file.</exception>
        public static int MarkWeak(byte[] data, string version)
        {
            if (data.Length < 0x40 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F'
                || data[4] != 2 || data[5] != 1)
                throw new InvalidDataException("expects a little-endian ELF64 file");
            ulong shoff = BitConverter.ToUInt64(data, 0x28);
            ushort shentsize = BitConverter.ToUInt16(data, 0x3A);
            ushort shnum = BitConverter.ToUInt16(data, 0x3C);
            byte[] want = Encoding.ASCII.GetBytes(version);
            int changed = 0;
            for (int i = 0; i < shnum; i++)
            {
                int sec = checked((int)(shoff + (ulong)(i * shentsize)));
                if (BitConverter.ToUInt32(data, sec + 4) != ShtGnuVerneed) continue;
                uint link = BitConverter.ToUInt32(data, sec + 40);
                int strtab = checked((int)BitConverter.ToUInt64(data, checked((int)(shoff + (ulong)(link * shentsize))) + 24));
                int off = checked((int)BitConverter.ToUInt64(data, sec + 24));
                while (true)
                {
                    ushort cnt = BitConverter.ToUInt16(data, off + 2);
                    uint aux = BitConverter.ToUInt32(data, off + 8);
                    uint next = BitConverter.ToUInt32(data, off + 12);
                    int a = off + (int)aux;
                    for (int k = 0; k < cnt; k++)
                    {
                        ushort flags = BitConverter.ToUInt16(data, a + 4);
                        uint name = BitConverter.ToUInt32(data, a + 8);
                        uint anext = BitConverter.ToUInt32(data, a + 12);
                        if (NameEquals(data, strtab + (int)name, want) && (flags & VerFlagWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(data, a + 4);
                            changed++;
                        }
                        if (anext == 0) break;
                        a += (int)anext;
                    }
                    if (next == 0) break;
                    off += (int)next;
                }
            }
            return changed;
        }

        /// <summary>Whether some requirement of <paramref name="version"/> is present and not weak.</summary>
        public static bool HasStrongRequirement(byte[] data, string version) => MarkWeak((byte[])data.Clone(), version) > 0;

        private static bool NameEquals(byte[] data, int at, byte[] want)
        {
            for (int j = 0; j < want.Length; j++)
                if (data[at + j] != want[j]) return false;
            return data[at + want.Length] == 0;
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i <= haystack.Length - needle.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }

        /// <summary>The system's libstdc++ as the dynamic loader would find it on common Linux layouts, or null.</summary>
        public static string? FindSystemLibStdCxx()
        {
            string[] candidates =
            {
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
                "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            };
            return candidates.FirstOrDefault(File.Exists);
        }
    }

#if !EQUIDYN_BUILD_TESTS
    /// <summary>MSBuild task: weakens the GLIBCXX_3.4.32 requirement of every libLibTorchSharp.so under a folder,
    /// only when the system libstdc++ lacks that version. Touches build outputs only.</summary>
    public sealed class WeakenLibTorchSharpVersionNeed : Microsoft.Build.Utilities.Task
    {
        /// <summary>Folder whose libLibTorchSharp.so copies are repaired (the project's output folder).</summary>
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; } = "";

        /// <summary>The version requirement to weaken.</summary>
        public string Version { get; set; } = "GLIBCXX_3.4.32";

        /// <inheritdoc />
        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory)) return true;
            string? libstdcxx = ElfVersionNeed.FindSystemLibStdCxx();
            if (libstdcxx == null || ElfVersionNeed.DefinesVersionString(File.ReadAllBytes(libstdcxx), Version))
                return true; // the system can load the library as shipped: change nothing
            foreach (string path in System.IO.Directory.EnumerateFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories))
            {
                byte[] data = File.ReadAllBytes(path);
                int changed = ElfVersionNeed.MarkWeak(data, Version);
                if (changed == 0) continue;
                // Keep the timestamp so MSBuild's incremental copy (same size, same time) does not re-copy the
                // unpatched original on the next build.
                DateTime stamp = File.GetLastWriteTimeUtc(path);
                File.WriteAllBytes(path, data);
                File.SetLastWriteTimeUtc(path, stamp);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                    $"EquiDyn: marked {Version} weak in {path} (system libstdc++ lacks it)");
            }
            return true;
        }
    }
#endif
}
