// fault_new.cc: the replaceable C++ allocation functions of the fault test
// (tests/fault/fault.c): every operator new of the process (Xapian, the
// shim, libstdc++) asks fault_should_fail() first and throws std::bad_alloc
// when told to, as a real allocation failure would.
#include <cstdlib>
#include <new>

extern "C" int fault_should_fail(void);
extern "C" void *__real_malloc(size_t n);

static void *alloc(size_t n)
{
    if (fault_should_fail())
        throw std::bad_alloc();
    void *p = __real_malloc(n ? n : 1);
    if (!p)
        throw std::bad_alloc();
    return p;
}

static void *alloc_nothrow(size_t n) noexcept
{
    if (fault_should_fail())
        return nullptr;
    return __real_malloc(n ? n : 1);
}

void *operator new(size_t n)
{
    return alloc(n);
}
void *operator new[](size_t n)
{
    return alloc(n);
}
void *operator new(size_t n, const std::nothrow_t &) noexcept
{
    return alloc_nothrow(n);
}
void *operator new[](size_t n, const std::nothrow_t &) noexcept
{
    return alloc_nothrow(n);
}
void operator delete(void *p) noexcept
{
    free(p);
}
void operator delete[](void *p) noexcept
{
    free(p);
}
void operator delete(void *p, size_t) noexcept
{
    free(p);
}
void operator delete[](void *p, size_t) noexcept
{
    free(p);
}
void operator delete(void *p, const std::nothrow_t &) noexcept
{
    free(p);
}
void operator delete[](void *p, const std::nothrow_t &) noexcept
{
    free(p);
}
